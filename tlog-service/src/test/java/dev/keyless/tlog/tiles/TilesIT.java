package dev.keyless.tlog.tiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.CompactRange;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteVerifiers;
import dev.keyless.common.note.SignedNote;
import dev.keyless.tlog.TlogIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The Rekor v2 log read as tlog-tiles, the way a monitor reads it: the checkpoint verifies with the log key, the
 * entry bundle's bodies hash to the level-0 tile's hashes, and those fold to the checkpoint's root. Resources the
 * tree does not hold, and non-canonical paths, are 404.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TilesIT extends TlogIntegrationTest {
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    @Order(1) // while the log is below 256 entries: its tiles are all partial
    void aMonitorRebuildsTheCheckpointRootFromTheTiles() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(postV2Entry().statusCode()).isEqualTo(201);
        }
        HttpResponse<byte[]> c = fetch("/checkpoint");
        assertThat(c.statusCode()).isEqualTo(200);
        assertThat(c.headers().firstValue("Content-Type")).contains("text/plain;charset=UTF-8");
        assertThat(c.headers().firstValue("Cache-Control")).contains("no-cache");
        SignedNote note = SignedNote.parse(c.body());
        assertThat(note.verify(List.of(NoteVerifiers.ecdsa("localhost",
                PublicKeys.parsePem(get("/api/v2/log/publicKey").body()))))).hasSize(1);
        Checkpoint checkpoint = Checkpoint.fromNoteText(note.text());
        long size = checkpoint.size();
        assertThat(size).isBetween(3L, 255L);

        HttpResponse<byte[]> bundle = fetch("/tile/entries/000.p/" + size);
        assertThat(bundle.statusCode()).isEqualTo(200);
        assertThat(bundle.headers().firstValue("Content-Type")).contains("application/octet-stream");
        assertThat(bundle.headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=60"));
        List<Hash> leaves = new ArrayList<>();
        byte[] b = bundle.body();
        for (int at = 0; at < b.length;) {
            int len = ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
            leaves.add(Rfc6962.hashLeaf(Arrays.copyOfRange(b, at + 2, at + 2 + len)));
            at += 2 + len;
        }
        assertThat(leaves).hasSize((int) size);

        HttpResponse<byte[]> tile = fetch("/tile/0/000.p/" + size);
        assertThat(tile.statusCode()).isEqualTo(200);
        List<Hash> hashes = new ArrayList<>();
        for (int at = 0; at < tile.body().length; at += Hash.SIZE) {
            hashes.add(Hash.of(Arrays.copyOfRange(tile.body(), at, at + Hash.SIZE)));
        }
        assertThat(hashes).isEqualTo(leaves);
        CompactRange range = CompactRange.empty();
        leaves.forEach(range::append);
        assertThat(range.root()).isEqualTo(checkpoint.rootHash());

        assertThat(fetch("/tile/0/000.p/" + (size + 1)).statusCode()).as("beyond the tree").isEqualTo(404);
        assertThat(fetch("/tile/0/000").statusCode()).as("not full yet").isEqualTo(404);
        assertThat(fetch("/tile/entries/001.p/1").statusCode()).isEqualTo(404);
        assertThat(fetch("/tile/0/0.p/1").statusCode()).as("not canonical").isEqualTo(404);
        assertThat(fetch("/tile/9/000.p/1").statusCode()).isEqualTo(404);
    }

    /** Once 256 entries are in, the first tile and bundle are full: immutable, and the partial ones are their prefixes. */
    @Test
    @Order(2)
    void fullTilesAreServedImmutableAndAgreeWithThePartialOnes() throws Exception {
        HttpResponse<byte[]> c = fetch("/checkpoint");
        long size = Checkpoint.fromNoteText(SignedNote.parse(c.body()).text()).size();
        List<Thread> writers = new ArrayList<>();
        long missing = Math.max(0, 256 - size);
        for (int w = 0; w < 8; w++) {
            writers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < (missing + 7) / 8; i++) {
                    try {
                        assertThat(postV2Entry().statusCode()).isEqualTo(201);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
            }));
        }
        for (Thread t : writers) {
            t.join();
        }
        for (String kind : List.of("0", "entries")) {
            HttpResponse<byte[]> full = fetch("/tile/" + kind + "/000");
            assertThat(full.statusCode()).as(kind).isEqualTo(200);
            assertThat(full.headers().firstValue("Cache-Control")).hasValueSatisfying(
                    v -> assertThat(v).contains("immutable").contains("max-age=31536000"));
            assertThat(fetch("/tile/" + kind + "/000").body()).as("the cached copy").isEqualTo(full.body());
            byte[] partial = fetch("/tile/" + kind + "/000.p/100").body();
            assertThat(Arrays.copyOf(full.body(), partial.length)).as("a partial %s tile is a prefix", kind)
                    .isEqualTo(partial);
        }
        assertThat(fetch("/tile/0/000").body()).hasSize(256 * Hash.SIZE);

        // A client that accepts gzip (Go's always does) gets the full bundle compressed, the same bytes once inflated.
        byte[] plain = fetch("/tile/entries/000").body();
        for (String accept : List.of("gzip", "br, gzip;q=0.8", "GZIP")) {
            HttpResponse<byte[]> gz = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/tile/entries/000")).header("Accept-Encoding", accept).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(gz.headers().firstValue("Content-Encoding")).as(accept).contains("gzip");
            assertThat(gz.headers().firstValue("Vary")).as(accept).contains("Accept-Encoding");
            assertThat(gz.body().length).as("compressed").isLessThan(plain.length / 2);
            try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
                assertThat(in.readAllBytes()).isEqualTo(plain);
            }
        }
        for (String refused : List.of("gzip;q=0", "identity", "deflate")) {
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                    + "/tile/entries/000")).header("Accept-Encoding", refused).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.headers().firstValue("Content-Encoding")).as(refused).isEmpty();
            assertThat(r.body()).as(refused).isEqualTo(plain);
        }
    }

    HttpResponse<byte[]> fetch(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> postV2Entry() throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        byte[] digest = new byte[32];
        new SecureRandom().nextBytes(digest);
        byte[] sig = EcdsaSigner.of(pair).signDigest(digest);
        Base64.Encoder b64 = Base64.getEncoder();
        String body = "{\"hashedRekordRequestV002\":{\"digest\":\"" + b64.encodeToString(digest)
                + "\",\"signature\":{\"content\":\"" + b64.encodeToString(sig) + "\",\"verifier\":{\"publicKey\":"
                + "{\"rawBytes\":\"" + b64.encodeToString(PublicKeys.toDer(pair.getPublic()))
                + "\"},\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\"}}}}";
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v2/log/entries"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
