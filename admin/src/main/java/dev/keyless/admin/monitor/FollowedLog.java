package dev.keyless.admin.monitor;

import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;

/**
 * A log the monitor follows, as its public read API shows it: the latest signed checkpoint, and the exact bytes of
 * each leaf. Nothing a log answers is trusted: the monitor verifies the checkpoint under a key it was given and hashes
 * the leaves into the tree itself. Three kinds: {@link RekorV1Log} (Rekor's REST API), {@link TiledLog} (C2SP
 * tlog-tiles, as Rekor v2 serves it) and {@link Rfc6962Log} (a CT log's API).
 */
interface FollowedLog {
    /** Largest answer read from a log. */
    int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

    /**
     * The log's latest signed tree head, its signature verified.
     *
     * @param treeId names the tree the head is for (another one later is a new shard)
     * @param evidence the signed head exactly as the log served it (a checkpoint note, or get-sth's JSON), for alerts
     * @param offset added to a leaf index of that tree to give the index alerts name (Rekor v1's global log index)
     */
    record Head(String treeId, long size, Hash root, String evidence, long offset) {
    }

    /** A head whose signature does not verify under the keys given, with the evidence. */
    final class BadSignature extends Exception {
        private final String evidence;

        BadSignature(String message, String evidence) {
            super(message);
            this.evidence = evidence;
        }

        String evidence() {
            return evidence;
        }
    }

    /** Receives each leaf, in order, with the index alerts name it by. */
    interface Leaves {
        void accept(long index, byte[] leaf) throws IOException;
    }

    URI url();

    /** The latest head, verified under one of {@code keys} (never a key the log serves). */
    Head head(List<PublicKey> keys) throws IOException, InterruptedException, BadSignature;

    /** The leaves {@code from} (inclusive) to {@code to} (exclusive) of the head's tree, in order. */
    void leaves(Head head, long from, long to, Leaves sink) throws IOException, InterruptedException;

    /** Who signed or received what a leaf holds, for the identity rules; none when it names nobody. */
    default List<EntryIdentity> identities(byte[] leaf) {
        return EntryIdentity.of(leaf);
    }

    /** A bounded GET of {@code path} under {@code base}; anything but 200 is an IOException quoting the answer. */
    static byte[] get(HttpClient http, URI base, String path) throws IOException, InterruptedException {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/+$", "") + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
        return checked(r, "GET " + path);
    }

    /**
     * The body of a 200 answer, read no further than {@value #MAX_RESPONSE_BYTES} bytes (a log answering without end
     * cannot exhaust the monitor's memory); anything else is an IOException quoting the start of the answer.
     */
    static byte[] checked(HttpResponse<InputStream> r, String what) throws IOException {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            if (r.statusCode() != 200 || body.length > MAX_RESPONSE_BYTES) {
                throw new IOException(what + " answered HTTP " + r.statusCode()
                        + (body.length > MAX_RESPONSE_BYTES ? " with more than " + MAX_RESPONSE_BYTES + " bytes" : "") + ": "
                        + new String(body, 0, Math.min(200, body.length), StandardCharsets.UTF_8));
            }
            return body;
        }
    }
}
