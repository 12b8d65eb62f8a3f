package dev.keyless.tlog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.testing.Ports;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.rekor.web.AcknowledgedEntries;
import dev.keyless.tlog.rekor.web.HashedRekords;
import dev.keyless.tlog.rekor.web.VerifiedEntry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;

/**
 * kill -9 of a tlog-service process under concurrent load, at random moments, then a restart on the same
 * database: every entry that was answered 201 is still there, the log key is the same, and every checkpoint a
 * client was given is consistent with the tree after the restart (the log did not fork).
 */
class CrashRecoveryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void killDashNineLosesNoAcknowledgedEntry() throws Exception {
        TestDatabase db = TestDatabase.createAnother();
        Path dataDir = TempDirs.directory("tlog-crash");
        Path jar = Path.of("target", "tlog-service-exec.jar");
        assertThat(jar).as("the packaged service (built before integration tests run)").exists();
        Random random = new Random(42);
        ConcurrentLinkedQueue<VerifiedEntry> acknowledged = new ConcurrentLinkedQueue<>();
        String logKeyPem = null;

        for (int round = 0; round < 3; round++) {
            int port = Ports.unused();
            Process p = start(jar, db, dataDir, port, round);
            try {
                waitReady(port, p);
                String pem = get(port, "/api/v1/log/publicKey").body();
                if (logKeyPem == null) {
                    logKeyPem = pem;
                }
                assertThat(pem).as("the log key survives restarts").isEqualTo(logKeyPem);
                PublicKey key = PublicKeys.parsePem(pem);
                verifyAll(port, key, acknowledged);

                AtomicBoolean stop = new AtomicBoolean();
                List<Thread> clients = new ArrayList<>();
                for (int c = 0; c < 8; c++) {
                    clients.add(Thread.ofPlatform().start(() -> submitUntil(stop, port, key, acknowledged)));
                }
                Thread.sleep(800 + random.nextInt(1500));
                p.destroyForcibly(); // SIGKILL: no shutdown hooks, no graceful close
                p.waitFor();
                stop.set(true);
                for (Thread t : clients) {
                    t.join();
                }
            } finally {
                p.destroyForcibly();
            }
        }
        assertThat(acknowledged).as("clients got answers before each kill").hasSizeGreaterThan(20);

        int port = Ports.unused();
        Process p = start(jar, db, dataDir, port, 3);
        try {
            waitReady(port, p);
            verifyAll(port, PublicKeys.parsePem(get(port, "/api/v1/log/publicKey").body()), acknowledged);
        } finally {
            p.destroyForcibly();
            p.waitFor();
        }
    }

    private void submitUntil(AtomicBoolean stop, int port, PublicKey key, ConcurrentLinkedQueue<VerifiedEntry> acknowledged) {
        HashedRekords rekords = new HashedRekords();
        while (!stop.get()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/log/entries"))
                        .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(rekords.next().json())).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 201) {
                    acknowledged.add(VerifiedEntry.verify(r.body(), key, "localhost"));
                }
            } catch (Exception e) {
                // The process died mid-request: not acknowledged, so nothing is owed.
            }
        }
    }

    private void verifyAll(int port, PublicKey key, ConcurrentLinkedQueue<VerifiedEntry> acknowledged) throws Exception {
        AcknowledgedEntries.assertStillLogged(http, "http://localhost:" + port, key, acknowledged);
    }

    private static Process start(Path jar, TestDatabase db, Path dataDir, int port, int round) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port,
                "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                "--keyless.tlog.data-dir=" + dataDir)
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target", "crash-recovery-" + round + ".log").toFile())
                .start();
    }

    private void waitReady(int port, Process p) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive()).as("service process exited early; see target/crash-recovery-*.log").isTrue();
            try {
                if (get(port, "/api/v1/log").statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("tlog-service did not start within 90 s");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
