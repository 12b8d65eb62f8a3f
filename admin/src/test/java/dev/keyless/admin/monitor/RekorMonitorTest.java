package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.merkle.CompactRange;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteSigners;
import dev.keyless.common.note.SignedNote;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor against a stand-in log whose answers the test controls: it verifies new entries and resumes from its
 * state file; a smaller tree signed later is a rollback alert, another root for the same size or entries that do not
 * add up to the signed root a fork alert, a checkpoint under another key a bad-signature alert, each carrying both
 * checkpoints, and none of them moves the verified state.
 */
class RekorMonitorTest {
    static final SecureRandom RANDOM = new SecureRandom();
    final EcdsaSigner logKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));
    /** Another current key for the same URL (a Rekor v2 log on the same host): listed first, and not the signer. */
    final EcdsaSigner otherKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));

    @TempDir
    Path dir;

    HttpServer server;
    /** What the stand-in serves: entry bodies, and the checkpoint (size, entries it covers, signing key). */
    volatile List<byte[]> entries = new ArrayList<>();
    volatile long signedSize;
    volatile List<byte[]> signedOver;
    volatile EcdsaSigner signer;
    final List<String> alerts = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/log", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/api/v1/log/entries/retrieve")) { // Rekor's SearchLogQuery by logIndexes, as the log answers
                StringBuilder answer = new StringBuilder("[");
                for (var index : tools.jackson.databind.json.JsonMapper.builder().build()
                        .readTree(ex.getRequestBody().readAllBytes()).path("logIndexes")) {
                    int i = index.asInt();
                    answer.append(answer.length() > 1 ? "," : "").append("{\"u").append(i).append("\":{\"logIndex\":").append(i)
                            .append(",\"body\":\"").append(Base64.getEncoder().encodeToString(entries.get(i))).append("\"}}");
                }
                reply(ex, answer.append("]").toString());
                return;
            }
            CompactRange r = CompactRange.empty();
            for (int i = 0; i < signedSize; i++) {
                r.append(Rfc6962.hashLeaf(signedOver.get(i)));
            }
            String note = SignedNote.sign(Checkpoint.of("localhost - 7", signedSize, r.root()).toNoteText(),
                    List.of(NoteSigners.ecdsa("localhost", signer))).format();
            reply(ex, "{\"treeID\":\"7\",\"treeSize\":" + signedSize + ",\"signedTreeHead\":"
                    + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(note)
                    + ",\"inactiveShards\":[]}");
        });
        server.start();
        signer = logKey;
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static void reply(HttpExchange ex, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    void serve(int size) {
        while (entries.size() < size) {
            entries.add(("entry " + entries.size()).getBytes(StandardCharsets.UTF_8));
        }
        signedSize = size;
        signedOver = List.copyOf(entries);
    }

    RekorMonitor monitor() {
        return new RekorMonitor(new RekorV1Log(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                HttpClient.newHttpClient(), "localhost"),
                List.of(otherKey.publicKey(), logKey.publicKey()), dir.resolve("state.json"), IdentityRules.none(),
                new Alerts(alerts::add, null, null, System.err),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    }

    @Test
    void verifiesNewEntriesAndResumesFromItsState() throws Exception {
        serve(3);
        assertThat(monitor().poll()).isEqualTo(new RekorMonitor.Poll(3, 3, null));
        serve(5);
        assertThat(monitor().poll()).as("a new process, from the state file").isEqualTo(new RekorMonitor.Poll(5, 2, null));
        assertThat(monitor().poll()).isEqualTo(new RekorMonitor.Poll(5, 0, null));
        assertThat(alerts).isEmpty();
    }

    @Test
    void aSmallerTreeSignedLaterIsARollback() throws Exception {
        serve(5);
        monitor().poll();
        String before = Files.readString(dir.resolve("state.json"));
        signedSize = 4; // validly signed, over the first four entries
        assertThat(monitor().poll().alert()).isEqualTo("rollback");
        assertThat(alerts).singleElement().asString().contains("\"alert\":\"rollback\"")
                .contains("verifiedCheckpoint").contains("localhost - 7\\n5\\n").contains("localhost - 7\\n4\\n");
        assertThat(Files.readString(dir.resolve("state.json"))).as("state kept").isEqualTo(before);
    }

    @Test
    void anotherRootForTheSameSizeOrEntriesThatDoNotAddUpAreAFork() throws Exception {
        serve(5);
        monitor().poll();
        List<byte[]> other = new ArrayList<>(entries);
        other.set(4, "a different entry 4".getBytes(StandardCharsets.UTF_8));
        signedOver = other; // the same size, another root
        assertThat(monitor().poll().alert()).isEqualTo("fork");
        assertThat(alerts.get(0)).contains("two roots for 5 entries");

        // The log grows, signing a root over entries other than those it serves.
        entries.add("entry 5".getBytes(StandardCharsets.UTF_8));
        List<byte[]> signed = new ArrayList<>(entries);
        signed.set(5, "what the checkpoint covers".getBytes(StandardCharsets.UTF_8));
        signedOver = signed;
        signedSize = 6;
        assertThat(monitor().poll().alert()).isEqualTo("fork");
        assertThat(alerts.get(1)).contains("do not add up to the signed root");
        assertThat(MonitorState.read(dir.resolve("state.json")).size()).isEqualTo(5);
    }

    @Test
    void aCheckpointUnderAnotherKeyIsRefused() throws Exception {
        serve(2);
        signer = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));
        assertThat(monitor().poll().alert()).isEqualTo("bad-signature");
        assertThat(Files.exists(dir.resolve("state.json"))).isFalse();
    }
}
