package dev.keyless.tlog.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.localpg.LocalPostgres;
import dev.keyless.localpg.TemporaryPostgres;
import dev.keyless.testing.Ports;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.rekor.web.AcknowledgedEntries;
import dev.keyless.tlog.rekor.web.HashedRekords;
import dev.keyless.tlog.rekor.web.VerifiedEntry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * What operators fear most, with a real PostgreSQL server: the database stopped (fast shutdown) and, later, killed
 * with SIGKILL, each time for 5 s, under 32 clients appending to the Rekor log and the CT log of a tlog-service
 * process. During each outage every request is answered 503 with Retry-After within the sequencer's timeout (no
 * 500, no hang) and readiness is DOWN; within 5 s of the database's return the service appends again and is ready,
 * without a restart of its own; and afterwards every entry ever acknowledged (201, or an SCT) is in the log with a
 * verifying proof, at an index of its own, under checkpoints consistent with the final tree.
 */
class DatabaseOutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    private static final Duration RECOVERY = Duration.ofSeconds(5);
    /** The sequencer's timeout (10 s by default) and a margin for the client's own scheduling. */
    private static final Duration LONGEST_ANSWER = Duration.ofSeconds(12);
    private static final int CLIENTS = 32;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final TestPki pki = new TestPki("db-outage");
    private final KeyPair ctKey = TestPki.key();
    private final ConcurrentLinkedQueue<VerifiedEntry> rekorAcks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Hash> ctAcks = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
    private final AtomicLong acks = new AtomicLong();
    private final AtomicLong unavailable = new AtomicLong();
    private final AtomicLong longestNanos = new AtomicLong();
    private int port;
    private PublicKey rekorKey;

    @Test
    void acknowledgedEntriesSurviveAStopAndAKillOfTheDatabaseAndTheServiceRecoversByItself() throws Exception {
        LocalPostgres pg = TemporaryPostgres.start(line -> { });
        Path dir = TempDirs.directory("db-outage");
        Process service = start(TestDatabase.on(pg), dir);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        try {
            awaitTrue("tlog-service starts; see target/db-outage.log", Duration.ofSeconds(90), () -> status("/api/v1/log") == 200);
            rekorKey = PublicKeys.parsePem(get("/api/v1/log/publicKey").body());
            try {
                for (int c = 0; c < CLIENTS; c++) {
                    boolean rekor = c % 2 == 0;
                    clients.add(Thread.ofPlatform().start(() -> appendUntil(stop, rekor)));
                }
                awaitTrue("appends under load", Duration.ofSeconds(20), () -> acks.get() > 200);

                outage(pg, false);
                outage(pg, true);
                long before = acks.get();
                awaitTrue("appends after both outages", Duration.ofSeconds(10), () -> acks.get() > before + 200);
            } finally {
                stop.set(true);
                for (Thread t : clients) {
                    t.join();
                }
            }
            assertThat(violations).as("answers other than 201/200 or 503 with Retry-After").isEmpty();
            assertThat(Duration.ofNanos(longestNanos.get())).as("the longest answer").isLessThan(LONGEST_ANSWER);
            verifyRekor();
            verifyCt();
            System.out.printf(Locale.ROOT, "verified %d Rekor entries and %d SCTs acknowledged; longest answer %d ms%n",
                    rekorAcks.size(), ctAcks.size(), longestNanos.get() / 1_000_000);
        } finally {
            service.destroyForcibly();
            service.waitFor();
        }
    }

    /** One outage: 5 s down, readiness DOWN and appends refused during it, both back within 5 s after it. */
    private void outage(LocalPostgres pg, boolean kill) throws Exception {
        String how = kill ? "killed (SIGKILL)" : "stopped (fast shutdown)";
        long refusedBefore = unavailable.get();
        if (kill) {
            pg.kill();
        } else {
            pg.stopFast();
        }
        long down = System.nanoTime();
        awaitTrue("readiness DOWN while the database is " + how, OUTAGE, () -> status("/actuator/health/readiness") == 503);
        long notReady = System.nanoTime();
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
        assertThat(unavailable.get()).as("503 answers while the database was " + how).isGreaterThan(refusedBefore);

        long acked = acks.get();
        pg.start();
        long up = System.nanoTime();
        awaitTrue("appends again within " + RECOVERY.toSeconds() + " s after the database was " + how + " and restarted",
                RECOVERY, () -> acks.get() > acked);
        long appending = System.nanoTime();
        awaitTrue("readiness UP after the database was " + how + " and restarted", RECOVERY,
                () -> status("/actuator/health/readiness") == 200);
        System.out.printf(Locale.ROOT, "database %s: readiness DOWN after %d ms, %d answers 503 during the outage; after the restart "
                + "appends again in %d ms, ready in %d ms%n", how, (notReady - down) / 1_000_000,
                unavailable.get() - refusedBefore, (appending - up) / 1_000_000, (System.nanoTime() - up) / 1_000_000);
    }

    private void appendUntil(AtomicBoolean stop, boolean rekor) {
        HashedRekords rekords = new HashedRekords();
        while (!stop.get()) {
            long t0 = System.nanoTime();
            String what = rekor ? "rekor" : "ct";
            try {
                byte[] cert = rekor ? null : TestPki.der(pki.certificate());
                String body = rekor ? rekords.next().json()
                        : CtApiIT.chainJson(cert, TestPki.der(pki.intermediate));
                String path = rekor ? "/api/v1/log/entries" : "/ct/v1/add-chain";
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                longestNanos.accumulateAndGet(System.nanoTime() - t0, Math::max);
                int ok = rekor ? 201 : 200;
                if (r.statusCode() == ok) {
                    if (rekor) {
                        rekorAcks.add(VerifiedEntry.verify(r.body(), rekorKey, "localhost"));
                    } else {
                        SignedCertificateTimestamp sct = CtApiIT.sct(JSON.readTree(r.body()));
                        LogEntry.X509Entry entry = new LogEntry.X509Entry(cert);
                        sct.verify(ctKey.getPublic(), entry);
                        ctAcks.add(MerkleTreeLeaf.of(sct, entry).leafHash());
                    }
                    acks.incrementAndGet();
                } else if (r.statusCode() == 503 && r.headers().firstValue("Retry-After").isPresent()) {
                    unavailable.incrementAndGet();
                    Thread.sleep(100);
                } else {
                    violations.add(what + " " + r.statusCode() + " " + r.headers().firstValue("Retry-After") + " "
                            + r.body().substring(0, Math.min(300, r.body().length())));
                }
            } catch (Exception e) {
                violations.add(what + " " + e);
            }
        }
    }

    private void verifyRekor() throws Exception {
        Set<Long> indexes = new HashSet<>();
        for (VerifiedEntry e : rekorAcks) {
            assertThat(indexes.add(e.logIndex())).as("index %d acknowledged once", e.logIndex()).isTrue();
        }
        AcknowledgedEntries.assertStillLogged(http, "http://localhost:" + port, rekorKey, rekorAcks);
        assertThat(rekorAcks).as("Rekor entries acknowledged").hasSizeGreaterThan(100);
    }

    private void verifyCt() throws Exception {
        JsonNode sth = JSON.readTree(get("/ct/v1/get-sth").body());
        long size = sth.get("tree_size").asLong();
        Hash root = Hash.of(CtApiIT.unb64(sth.get("sha256_root_hash").asString()));
        Set<Long> indexes = new HashSet<>();
        for (Hash leaf : ctAcks) {
            HttpResponse<String> r = get("/ct/v1/get-proof-by-hash?hash="
                    + URLEncoder.encode(CtApiIT.b64(leaf.toByteArray()), StandardCharsets.UTF_8) + "&tree_size=" + size);
            assertThat(r.statusCode()).as("acknowledged certificate %s", leaf).isEqualTo(200);
            JsonNode proof = JSON.readTree(r.body());
            long index = proof.get("leaf_index").asLong();
            assertThat(indexes.add(index)).as("CT index %d acknowledged once", index).isTrue();
            ProofVerifier.verifyInclusion(index, size, leaf, CtApiIT.hashes(proof.get("audit_path")), root);
        }
        assertThat(ctAcks).as("certificates given an SCT").hasSizeGreaterThan(100);
    }

    private Process start(TestDatabase db, Path dir) throws IOException {
        Path jar = Path.of("target", "tlog-service-exec.jar");
        assertThat(jar).as("the packaged service (built before integration tests run)").exists();
        Path roots = dir.resolve("roots.pem");
        Files.writeString(roots, Certificates.toPem(pki.root));
        Path key = dir.resolve("ct-key.pem");
        Files.writeString(key, PrivateKeys.toPem(ctKey.getPrivate()));
        port = Ports.unused();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", jar.toString(), "--server.port=" + port,
                "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(), "--keyless.tlog.data-dir=" + dir,
                "--keyless.tlog.ct.key=" + key, "--keyless.tlog.ct.roots[0]=" + roots)
                .redirectErrorStream(true).redirectOutput(Path.of("target", "db-outage.log").toFile()).start();
    }

    private static void awaitTrue(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within.toMillis() + " ms: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** The status of a GET, or -1 when there is no answer within 4 s. */
    private int status(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(4)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
