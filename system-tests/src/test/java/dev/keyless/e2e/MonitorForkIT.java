package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.admin.monitor.MonitorAccess;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The monitor against a real tlog-service whose database goes back in time: restored from an older backup, the log
 * signs a smaller tree (a rollback alert), then grows again over other entries to the size the monitor verified (a
 * fork alert: two roots for one size); and a second tlog-service running beside the first on a copy of its database
 * and keys, which accepts other entries (a fork alert). The alerts carry the two signed checkpoints.
 */
class MonitorForkIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final EcdsaSigner key = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));

    /** A hashedrekord entry for {@code artifact}, signed with a bare key. */
    void append(TlogInProcess tlog, String artifact) throws Exception {
        byte[] bytes = artifact.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getEncoder();
        String body = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":"
                + "\"sha256\",\"value\":\"" + Hash.sha256(bytes).toHex() + "\"}},\"signature\":{\"content\":\""
                + b64.encodeToString(key.sign(bytes)) + "\",\"publicKey\":{\"content\":\""
                + b64.encodeToString(PublicKeys.toPem(key.publicKey()).getBytes(StandardCharsets.US_ASCII)) + "\"}}}}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + tlog.port()
                + "/api/v1/log/entries")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    @Test
    void aRestoredBackupIsARollbackAndADivergingCopyAFork() throws Exception {
        Path caData = TempDirs.directory("monitor-fork-it");
        TestDatabase db = TestDatabase.createAnother();
        TlogInProcess tlog = TlogInProcess.start(caData, db);
        try {
            Path trustedRoot = Files.writeString(caData.resolve("trusted_root.json"), trustRoot(tlog));
            Path rules = Files.writeString(caData.resolve("rules.yaml"), "rules: []\n");
            List<String> alerts = new CopyOnWriteArrayList<>();
            MonitorAccess monitor = MonitorAccess.create(URI.create("http://localhost:" + tlog.port()), trustedRoot,
                    rules, caData.resolve("state.json"), alerts::add);
            append(tlog, "one");
            append(tlog, "two");
            long backedUp = monitor.poll();

            tlog.close(); // nobody connected while the backup is taken
            TestDatabase backup = db.copy();
            tlog = tlog.restart();
            append(tlog, "three");
            append(tlog, "four");
            long verified = monitor.poll();
            assertThat(verified).isEqualTo(backedUp + 2);
            assertThat(alerts).isEmpty();

            // The database restored from the backup: the log signs its older, smaller tree.
            tlog = tlog.restartOn(backup);
            assertThat(monitor.pollAlert()).isEqualTo("rollback");
            // It grows again, over other entries, to the size verified before: another root for that size.
            append(tlog, "three, rewritten");
            append(tlog, "four, rewritten");
            assertThat(monitor.pollAlert()).isEqualTo("fork");
            assertThat(alerts).hasSize(2);
            for (String alert : alerts) {
                assertThat(alert).contains("\"verifiedCheckpoint\":\"localhost - ").contains("\"newCheckpoint\":\"localhost - ");
            }
            System.out.println("[monitor] " + alerts);
        } finally {
            tlog.close();
        }
    }

    @Test
    void aSecondLogServiceBesideTheFirstOnACopyOfItsDatabaseThatDivergesIsAFork() throws Exception {
        Path caData = TempDirs.directory("monitor-beside-it");
        TestDatabase db = TestDatabase.createAnother();
        TlogInProcess first = TlogInProcess.start(caData, db);
        TlogInProcess second = null;
        try {
            append(first, "one");
            first.close(); // a copy needs the database idle
            TestDatabase copy = db.copy();
            first = first.restart();
            second = first.besideOn(copy); // both running from here on, with the same key
            append(first, "two");
            append(second, "two, elsewhere");

            Path rules = Files.writeString(caData.resolve("rules.yaml"), "rules: []\n");
            Path state = caData.resolve("state.json");
            List<String> alerts = new CopyOnWriteArrayList<>();
            MonitorAccess watchingFirst = MonitorAccess.create(URI.create("http://localhost:" + first.port()),
                    Files.writeString(caData.resolve("first.json"), trustRoot(first)), rules, state, alerts::add);
            long verified = watchingFirst.poll();
            assertThat(alerts).isEmpty();
            // The same auditor's state, now shown the second log: a validly signed tree of the same size, another root.
            MonitorAccess watchingSecond = MonitorAccess.create(URI.create("http://localhost:" + second.port()),
                    Files.writeString(caData.resolve("second.json"), trustRoot(second)), rules, state, alerts::add);
            assertThat(watchingSecond.pollAlert()).isEqualTo("fork");
            assertThat(alerts).singleElement().asString().contains("two roots for " + verified + " entries")
                    .contains("\"verifiedCheckpoint\":\"localhost - ").contains("\"newCheckpoint\":\"localhost - ");
            System.out.println("[monitor] " + alerts);
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    /** The trust root a monitor needs: the log's current key for its URL (read from the log, set up by the test). */
    static String trustRoot(TlogInProcess tlog) throws Exception {
        String pem = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + tlog.port()
                + "/api/v1/log/publicKey")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return "{\"tlogs\":[{\"baseUrl\":\"http://localhost:" + tlog.port() + "\",\"publicKey\":{\"rawBytes\":\""
                + Base64.getEncoder().encodeToString(PublicKeys.toDer(PublicKeys.parsePem(pem)))
                + "\",\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}}}]}";
    }
}
