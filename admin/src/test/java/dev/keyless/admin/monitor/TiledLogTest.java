package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor following a C2SP tlog-tiles log (Rekor v2) through a stand-in that serves a checkpoint and entry bundles
 * (full, and partial {@code .p/<W>}): it verifies across a bundle boundary, resumes without refetching full bundles it
 * already proved, and a bundle that differs from what was signed is a fork.
 */
class TiledLogTest {
    final EcdsaSigner key = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
    final List<byte[]> entries = new ArrayList<>();
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<String> alerts = new CopyOnWriteArrayList<>();
    volatile int signed;
    volatile int tamperedIndex = -1;
    HttpServer server;
    @TempDir
    Path dir;

    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            paths.add(path);
            byte[] answer;
            if (path.equals("/checkpoint")) {
                CompactRange r = CompactRange.empty();
                for (int i = 0; i < signed; i++) {
                    r.append(Rfc6962.hashLeaf(entries.get(i)));
                }
                answer = SignedNote.sign(Checkpoint.of("log.example", signed, r.root()).toNoteText(),
                        List.of(NoteSigners.ecdsa("log.example", key))).format().getBytes(StandardCharsets.UTF_8);
            } else {
                String[] p = path.substring("/tile/entries/".length()).split("\\.p/");
                long n = Long.parseLong(p[0].replace("x", "").replace("/", ""));
                int width = p.length == 2 ? Integer.parseInt(p[1]) : 256;
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (long i = n * 256; i < n * 256 + width; i++) {
                    byte[] e = i == tamperedIndex ? "not what was signed".getBytes(StandardCharsets.UTF_8) : entries.get((int) i);
                    b.write(e.length >> 8);
                    b.write(e.length);
                    b.write(e);
                }
                answer = b.toByteArray();
            }
            ex.sendResponseHeaders(200, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    void grow(int size) {
        while (entries.size() < size) {
            entries.add(("{\"entry\":" + entries.size() + "}").getBytes(StandardCharsets.UTF_8));
        }
        signed = size;
    }

    RekorMonitor monitor() {
        return new RekorMonitor(new TiledLog(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                HttpClient.newHttpClient(), "log.example"), List.of(key.publicKey()), dir.resolve("state.json"),
                IdentityRules.none(), new Alerts(alerts::add, null, null, System.err),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    }

    @Test
    void followsAcrossBundlesAndResumesFromThePartialOne() throws Exception {
        serve();
        grow(300);
        assertThat(monitor().poll()).isEqualTo(new RekorMonitor.Poll(300, 300, null));
        assertThat(paths).containsExactly("/checkpoint", "/tile/entries/000", "/tile/entries/001.p/44");
        paths.clear();
        grow(520);
        assertThat(monitor().poll()).isEqualTo(new RekorMonitor.Poll(520, 220, null));
        // The full bundle 0 is not read again; bundle 1 is now full; bundle 2 partial.
        assertThat(paths).containsExactly("/checkpoint", "/tile/entries/001", "/tile/entries/002.p/8");
        assertThat(alerts).isEmpty();
    }

    @Test
    void aBundleThatDiffersFromWhatWasSignedIsAFork() throws Exception {
        serve();
        grow(10);
        monitor().poll();
        grow(20);
        tamperedIndex = 15;
        assertThat(monitor().poll().alert()).isEqualTo("fork");
        assertThat(alerts).singleElement().asString().contains("entries 10..19 do not add up to the signed root");
    }

    @Test
    void indexesAreWrittenInGroupsOfThreeDigits() {
        assertThat(TiledLog.index(0)).isEqualTo("000");
        assertThat(TiledLog.index(5)).isEqualTo("005");
        assertThat(TiledLog.index(1000)).isEqualTo("x001/000");
        assertThat(TiledLog.index(1234067)).isEqualTo("x001/x234/067");
    }

    @Test
    void aBundleIsLengthPrefixedEntriesToTheEndAndNothingElse() throws Exception {
        assertThat(TiledLog.bundle(new byte[] {0, 1, 'a', 0, 0, 0, 2, 'b', 'c'}, "b"))
                .extracting(b -> new String(b, StandardCharsets.UTF_8)).containsExactly("a", "", "bc");
        assertThatThrownBy(() -> TiledLog.bundle(new byte[] {0, 3, 'a'}, "b")).isInstanceOf(IOException.class)
                .hasMessage("b: an entry of 3 bytes with 1 left");
        assertThatThrownBy(() -> TiledLog.bundle(new byte[] {0, 1, 'a', 0}, "b")).isInstanceOf(IOException.class)
                .hasMessage("b: a length prefix cut short at byte 3");
    }
}
