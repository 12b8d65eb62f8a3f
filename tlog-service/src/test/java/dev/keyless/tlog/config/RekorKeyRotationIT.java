package dev.keyless.tlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.note.NoteVerifiers;
import dev.keyless.common.note.SignedNote;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.TlogApplication;
import dev.keyless.tlog.rekor.web.HashedRekords;
import dev.keyless.tlog.rekor.web.VerifiedEntry;
import dev.sigstore.rekor.client.RekorClientHttp;
import dev.sigstore.rekor.client.RekorEntry;
import dev.sigstore.rekor.client.RekorVerificationException;
import dev.sigstore.rekor.client.RekorVerifier;
import dev.sigstore.trustroot.Service;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Rotating the Rekor key, as Rekor does it: a start with a new {@code rekor-key} freezes the active shard and
 * starts a new one; entries of the frozen shard keep their log ID, SETs and checkpoints under the old key (listed
 * in {@code retired-rekor-keys}), so a client with a trust root listing both keys verifies old and new entries.
 * Without the old key the service refuses to start.
 */
class RekorKeyRotationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    /** A deployment of its own per test: a database, a data directory and two Rekor keys A and B. */
    private TestDatabase db;
    private Path dir;
    private Path keyA;
    private Path keyB;
    private EcdsaSigner a;
    private EcdsaSigner b;

    @BeforeEach
    void newDeployment() throws Exception {
        db = TestDatabase.createAnother();
        dir = TempDirs.directory("rekor-keys");
        keyA = dir.resolve("rekor-a.pem");
        keyB = dir.resolve("rekor-b.pem");
        a = LogKeys.load(null, null, keyA, "test A");
        b = LogKeys.load(null, null, keyB, "test B");
    }

    private static ConfigurableApplicationContext start(TestDatabase db, Path dataDir, Path key, Path... retired) {
        // Command-line arguments: they take precedence over application.yaml (builder properties would not).
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                "--keyless.tlog.data-dir=" + dataDir,
                "--keyless.tlog.rekor-key=" + key));
        for (int i = 0; i < retired.length; i++) {
            args.add("--keyless.tlog.retired-rekor-keys[" + i + "].key=" + retired[i]);
        }
        return new SpringApplicationBuilder(TlogApplication.class).run(args.toArray(String[]::new));
    }

    private static URI uri(ConfigurableApplicationContext app, String path) {
        return URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + path);
    }

    private String get(ConfigurableApplicationContext app, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(app, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return r.body();
    }

    private HttpResponse<String> post(ConfigurableApplicationContext app, HashedRekords signer) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(app, "/api/v1/log/entries"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(signer.next().json())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String append(ConfigurableApplicationContext app, HashedRekords signer) throws Exception {
        HttpResponse<String> r = post(app, signer);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.body();
    }

    /** A TrustedRoot with one or two Rekor keys; {@code end} null for an open validity. */
    private static String trustRoot(URI url, PublicKey first, String start, String end, PublicKey second, String secondStart) {
        String tlogs = tlog(url, first, start, end) + (second == null ? "" : "," + tlog(url, second, secondStart, null));
        return "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\",\"tlogs\":[" + tlogs
                + "],\"certificateAuthorities\":[],\"ctlogs\":[],\"timestampAuthorities\":[]}";
    }

    private static String tlog(URI url, PublicKey key, String start, String end) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"baseUrl\":\"" + url + "\",\"hashAlgorithm\":\"SHA2_256\",\"publicKey\":{\"rawBytes\":\""
                + b64.encodeToString(PublicKeys.toDer(key)) + "\",\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\","
                + "\"validFor\":{\"start\":\"" + start + "\"" + (end == null ? "" : ",\"end\":\"" + end + "\"") + "}},"
                + "\"logId\":{\"keyId\":\"" + b64.encodeToString(KeyIds.logId(key).toByteArray()) + "\"}}";
    }

    /**
     * Without a restart (FileWatcher): a key file that does not load leaves the log signing with the key it has;
     * a new key in the file freezes the active shard and starts a new one, the old key found in
     * {@code retired-rekor-keys/}, as the rotation command leaves it.
     */
    @Test
    void aNewKeyInTheFileRotatesTheRunningLogAndABrokenOneChangesNothing() throws Exception {
        HashedRekords signer = new HashedRekords();
        Path live = dir.resolve("rekor-live.pem");
        Files.copy(keyA, live);
        ConfigurableApplicationContext app = new SpringApplicationBuilder(TlogApplication.class).run(
                "--server.port=0", "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                "--keyless.tlog.data-dir=" + dir, "--keyless.tlog.rekor-key=" + live,
                "--keyless.tlog.rotation.reload-interval=200ms");
        try {
            VerifiedEntry before = VerifiedEntry.verify(append(app, signer), a.publicKey(), "localhost");
            Files.writeString(live, "not a key");
            Thread.sleep(1_000); // several checks, each refusing the file
            assertThat(get(app, "/api/v1/log/publicKey")).isEqualTo(PublicKeys.toPem(a.publicKey()));
            VerifiedEntry.verify(append(app, signer), a.publicKey(), "localhost");

            Files.createDirectories(dir.resolve("retired-rekor-keys"));
            Files.copy(keyA, dir.resolve("retired-rekor-keys/rekor-a.pem"));
            Files.copy(keyB, live, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
            while (!get(app, "/api/v1/log/publicKey").equals(PublicKeys.toPem(b.publicKey())) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(get(app, "/api/v1/log/publicKey")).isEqualTo(PublicKeys.toPem(b.publicKey()));
            VerifiedEntry after = VerifiedEntry.verify(append(app, signer), b.publicKey(), "localhost");
            assertThat(after.logIndex()).isGreaterThan(before.logIndex());
            VerifiedEntry.verify(get(app, "/api/v1/log/entries?logIndex=" + before.logIndex()), a.publicKey(), "localhost");
            assertThat(JSON.readTree(get(app, "/api/v1/log")).get("inactiveShards").size()).isEqualTo(1);
        } finally {
            app.close();
        }
        // A start finds the old key in retired-rekor-keys/ with nothing configured.
        try (ConfigurableApplicationContext again = start(db, dir, live)) {
            assertThat(get(again, "/api/v1/log/publicKey")).isEqualTo(PublicKeys.toPem(b.publicKey()));
        }
    }

    @Test
    void newKeyStartsANewShardAndOldEntriesStayVerifiableUnderTheOldKey() throws Exception {
        HashedRekords signer = new HashedRekords();
        ConfigurableApplicationContext first = start(db, dir, keyA);
        try {
            rotate(signer, first);
        } finally {
            first.close();
        }
    }

    private void rotate(HashedRekords signer, ConfigurableApplicationContext first) throws Exception {
        VerifiedEntry firstEntry = VerifiedEntry.verify(append(first, signer), a.publicKey(), "localhost");
        long oldIndex = firstEntry.logIndex();
        String oldUuid = firstEntry.uuid();
        String oldTree = Long.toString(Long.parseUnsignedLong(oldUuid.substring(0, 16), 16));
        Instant rotation = Instant.now();

        try (ConfigurableApplicationContext app = start(db, dir, keyB, keyA)) {
            // A process left running with the old key (a rolling restart) can no longer append to the frozen shard.
            assertThat(post(first, signer).statusCode()).isEqualTo(503);
            first.close();

            // The old entry, fetched again: old log ID, old-key SET and a checkpoint of its own (frozen) shard.
            String again = get(app, "/api/v1/log/entries?logIndex=" + oldIndex);
            VerifiedEntry old = VerifiedEntry.verify(again, a.publicKey(), "localhost");
            assertThat(old.checkpoint().origin()).isEqualTo("localhost - " + oldTree);

            // New entries: the new shard, the new key, global indexes after the old shard's entries.
            VerifiedEntry fresh = VerifiedEntry.verify(append(app, signer), b.publicKey(), "localhost");
            assertThat(fresh.logIndex()).isGreaterThan(oldIndex);
            assertThat(fresh.checkpoint().origin()).isNotEqualTo("localhost - " + oldTree);

            JsonNode info = JSON.readTree(get(app, "/api/v1/log"));
            assertThat(info.get("treeID").asString()).isNotEqualTo(oldTree);
            JsonNode frozen = info.get("inactiveShards").get(0);
            assertThat(frozen.get("treeID").asString()).isEqualTo(oldTree);
            SignedNote.parse(frozen.get("signedTreeHead").asString()).verify(List.of(NoteVerifiers.ecdsa("localhost", a.publicKey())));
            // What ca-service reads to list the frozen key (FrozenRekorShards): the frozen shard's size (its genesis
            // and one entry), and at that global index the new shard's genesis entry.
            long frozenSize = frozen.get("treeSize").asLong();
            assertThat(frozenSize).isEqualTo(oldIndex + 1);
            JsonNode newGenesis = JSON.readTree(get(app, "/api/v1/log/entries?logIndex=" + frozenSize));
            assertThat(newGenesis.values().iterator().next().get("integratedTime").asLong())
                    .isGreaterThanOrEqualTo(firstEntry.integratedTime());
            VerifiedEntry.verify(newGenesis.toString(), b.publicKey(), "localhost");
            SignedNote.parse(info.get("signedTreeHead").asString()).verify(List.of(NoteVerifiers.ecdsa("localhost", b.publicKey())));

            assertThat(get(app, "/api/v1/log/publicKey")).isEqualTo(PublicKeys.toPem(b.publicKey()));
            assertThat(get(app, "/api/v1/log/publicKey?treeID=" + oldTree)).isEqualTo(PublicKeys.toPem(a.publicKey()));
            assertThat(KeyIds.logId(a.publicKey())).isNotEqualTo(KeyIds.logId(b.publicKey()));

            // sigstore-java, with a trust root listing the old key (ended at the rotation) and the new one, verifies
            // the old entry fetched again and a new one; with only the new key, the old entry is refused.
            // The trust root's baseUrl host is the checkpoint key name (keyless.tlog.hostname: localhost).
            URI url = URI.create("http://localhost:" + app.getEnvironment().getProperty("local.server.port"));
            RekorClientHttp client = RekorClientHttp.builder().setService(Service.of(url, 1)).build();
            RekorVerifier both = RekorVerifier.newRekorVerifier(SigstoreTrustedRoot.from(new ByteArrayInputStream(
                    trustRoot(url, a.publicKey(), "2020-01-01T00:00:00Z", rotation.toString(), b.publicKey(),
                            rotation.toString()).getBytes(StandardCharsets.UTF_8))));
            both.verifyEntry(client.getEntry(oldUuid).orElseThrow());
            both.verifyEntry(client.getEntry(fresh.uuid()).orElseThrow());
            RekorVerifier onlyNew = RekorVerifier.newRekorVerifier(SigstoreTrustedRoot.from(new ByteArrayInputStream(
                    trustRoot(url, b.publicKey(), "2020-01-01T00:00:00Z", null, null, null).getBytes(StandardCharsets.UTF_8))));
            RekorEntry oldEntry = client.getEntry(oldUuid).orElseThrow();
            assertThatThrownBy(() -> onlyNew.verifyEntry(oldEntry)).isInstanceOf(RekorVerificationException.class);
        }

        // Starts that could not sign an existing shard are refused before anything changes: the old key missing,
        // or a third key without the second.
        Path keyC = dir.resolve("rekor-c.pem");
        LogKeys.load(null, null, keyC, "test C");
        assertThatThrownBy(() -> start(db, dir, keyB).close())
                .hasStackTraceContaining("add its key file to keyless.tlog.retired-rekor-keys");
        assertThatThrownBy(() -> start(db, dir, keyC, keyA).close())
                .hasStackTraceContaining("add its key file to keyless.tlog.retired-rekor-keys");
        try (ConfigurableApplicationContext app = start(db, dir, keyB, keyA)) {
            JsonNode info = JSON.readTree(get(app, "/api/v1/log"));
            assertThat(info.get("inactiveShards")).as("no rotation by the refused starts").hasSize(1);
            assertThat(get(app, "/api/v1/log/publicKey")).isEqualTo(PublicKeys.toPem(b.publicKey()));
        }
    }

    @Test
    void treeFromBeforeKeysWereRecordedAdoptsTheConfiguredKeyOnItsFirstStart() throws Exception {
        long index;
        try (ConfigurableApplicationContext app = start(db, dir, keyA)) {
            index = VerifiedEntry.verify(append(app, new HashedRekords()), a.publicKey(), "localhost").logIndex();
        }
        // What the V2 migration leaves for a tree created before it: no recorded key.
        try (Connection c = db.connect(); Statement s = c.createStatement()) {
            assertThat(s.executeUpdate("UPDATE log_tree SET key_id = NULL WHERE personality = 'rekor'")).isEqualTo(1);
        }
        try (ConfigurableApplicationContext app = start(db, dir, keyA)) {
            VerifiedEntry.verify(get(app, "/api/v1/log/entries?logIndex=" + index), a.publicKey(), "localhost");
            assertThat(JSON.readTree(get(app, "/api/v1/log")).get("inactiveShards")).isEmpty();
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT key_id FROM log_tree WHERE personality = 'rekor'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBytes(1)).isEqualTo(KeyIds.logId(a.publicKey()).toByteArray());
        }
        // Adopted for good: another key now means a rotation, which needs this one.
        assertThatThrownBy(() -> start(db, dir, keyB).close())
                .hasStackTraceContaining("add its key file to keyless.tlog.retired-rekor-keys");
    }
}
