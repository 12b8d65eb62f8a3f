package dev.keyless.admin.monitor;

import dev.keyless.common.note.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Rekor v1 log: the active shard's checkpoint from {@code GET /api/v1/log}, whose global log indexes count the
 * frozen shards first, and the entries' canonical bodies through {@link EntryBodies}.
 */
final class RekorV1Log implements FollowedLog {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;
    private final HttpClient http;
    private final EntryBodies bodies;

    RekorV1Log(URI url, HttpClient http) {
        this.url = url;
        this.http = http;
        this.bodies = new EntryBodies(url, http);
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Head head() throws IOException, InterruptedException {
        JsonNode info = JSON.readTree(FollowedLog.get(http, url, "/api/v1/log"));
        long offset = 0;
        for (JsonNode shard : info.path("inactiveShards")) {
            offset += shard.path("treeSize").asLong();
        }
        return new Head(info.path("treeID").asString(""), SignedNote.parse(info.path("signedTreeHead").asString("")), offset);
    }

    @Override
    public void leaves(Head head, long from, long to, Leaves sink) throws IOException, InterruptedException {
        bodies.fetch(head.offset() + from, head.offset() + to, sink::accept);
    }
}
