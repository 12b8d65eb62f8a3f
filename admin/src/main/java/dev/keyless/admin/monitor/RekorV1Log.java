package dev.keyless.admin.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.PublicKey;
import java.util.List;
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
    private final String keyName;
    private final EntryBodies bodies;

    /** @param keyName the checkpoint key name (the log's host name, {@code keyless.tlog.hostname}) */
    RekorV1Log(URI url, HttpClient http, String keyName) {
        this.url = url;
        this.http = http;
        this.keyName = keyName;
        this.bodies = new EntryBodies(url, http);
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Head head(List<PublicKey> keys) throws IOException, InterruptedException, BadSignature {
        JsonNode info = JSON.readTree(FollowedLog.get(http, url, "/api/v1/log"));
        long offset = 0;
        for (JsonNode shard : info.path("inactiveShards")) {
            offset += shard.path("treeSize").asLong();
        }
        return Checkpoints.verified(info.path("treeID").asString(""), info.path("signedTreeHead").asString(""), keyName,
                keys, offset);
    }

    @Override
    public void leaves(Head head, long from, long to, Leaves sink) throws IOException, InterruptedException {
        bodies.fetch(head.offset() + from, head.offset() + to, sink::accept);
    }
}
