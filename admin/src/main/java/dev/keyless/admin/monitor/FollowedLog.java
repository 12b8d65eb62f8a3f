package dev.keyless.admin.monitor;

import dev.keyless.common.note.SignedNote;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A log the monitor follows, as its public read API shows it: the latest signed checkpoint, and the exact bytes of
 * each leaf. Nothing a log answers is trusted: the monitor verifies the checkpoint under a key it was given and hashes
 * the leaves into the tree itself. Two kinds: {@link RekorV1Log} (Rekor's REST API) and {@link TiledLog} (C2SP
 * tlog-tiles, as Rekor v2 serves it).
 */
interface FollowedLog {
    /** Largest answer read from a log. */
    int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    /**
     * The log's latest checkpoint.
     *
     * @param treeId names the tree the checkpoint is for (another one later is a new shard)
     * @param offset added to a leaf index of that tree to give the index alerts name (Rekor v1's global log index)
     */
    record Head(String treeId, SignedNote note, long offset) {
    }

    /** Receives each leaf, in order, with the index alerts name it by. */
    interface Leaves {
        void accept(long index, byte[] leaf) throws IOException;
    }

    URI url();

    Head head() throws IOException, InterruptedException;

    /** The leaves {@code from} (inclusive) to {@code to} (exclusive) of the head's tree, in order. */
    void leaves(Head head, long from, long to, Leaves sink) throws IOException, InterruptedException;

    /** A bounded GET of {@code path} under {@code base}; anything but 200 is an IOException quoting the answer. */
    static byte[] get(HttpClient http, URI base, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || r.body().length > MAX_RESPONSE_BYTES) {
            throw new IOException("GET " + path + " answered HTTP " + r.statusCode() + ": "
                    + new String(r.body(), 0, Math.min(200, r.body().length), StandardCharsets.UTF_8));
        }
        return r.body();
    }
}
