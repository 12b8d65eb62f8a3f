package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.admin.TrustRootCommand;
import dev.keyless.admin.TufCommand;
import dev.keyless.ca.CaApplication;
import dev.keyless.ca.rotation.RekorV2KeyRotation;
import dev.keyless.ca.rotation.RotateCommand;
import dev.keyless.ca.testing.JvmTrustStore;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.ca.wire.Http;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.GoTools;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Rekor v2 log's key rotated in one command with no restart, as cosign users live through it: cosign takes its
 * trust and signing config from our TUF repository only, so it signs through Rekor v2 (the highest version listed)
 * with a timestamp from our TSA. After {@code rotate rekor-v2} and a TUF publish, cosign, sigstore-java and
 * sigstore-js verify through TUF the bundle from before and one from after, whose checkpoint the new key signed
 * (python-tuf refreshes the repository); a trust root from before refuses the new bundle. A key file that does not
 * load, or that is missing for a while, changes nothing (no key is generated in its place), and a restart keeps the
 * new key.
 */
@SpringBootTest(classes = CaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RekorV2RotationIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final JvmTrustStore TRUST = new JvmTrustStore();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static Path caData;
    static TlogInProcess tlog;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (tlog == null) {
            caData = TempDirs.directory("rekor-v2-rotation-it");
            tlog = TlogInProcess.start(caData); // checks its key files every second
        }
        int tlogPort = tlog.port(); // the restarted tlog-service listens on the same port
        r.add("keyless.ca.data-dir", caData::toString);
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> "http://127.0.0.1:" + tlogPort);
        r.add("keyless.ca.ct.public-key", () -> tlog.ctPublicKey().toString());
        r.add("keyless.ca.trust-root.rekor-url", () -> "http://localhost:" + tlogPort);
        r.add("keyless.ca.trust-root.rekor-v2-url", () -> "http://localhost:" + tlogPort);
        // Built on every request, so the command need not wait for the default 5-minute refresh.
        r.add("keyless.ca.trust-root.refresh", () -> "0s");
        r.add("keyless.ca.tuf.repository-dir", () -> caData.resolve("tuf-repository").toString());
        r.add("keyless.ca.tuf.online-keys-dir", () -> caData.resolve("tuf-keys/online").toString());
    }

    @BeforeEach
    void trustTheCaServer() throws Exception {
        TRUST.trust(caTls(), caData);
    }

    @AfterAll
    static void restore() {
        TRUST.restore();
        IDP.close();
        if (tlog != null) {
            tlog.close();
        }
    }

    @Test
    void oneCommandRotatesTheRekorV2KeyAndEveryClientFollowsThroughTuf() throws Exception {
        Path dir = Files.createTempDirectory(caData, "v2-rotation");
        assertThat(TufCommand.run("init", tufOptions(), null, Instant.now())).contains("1.root.json");
        TufClients clients = new TufClients(URI.create("https://localhost:" + port + "/tuf"),
                caData.resolve("tuf-repository/1.root.json"), caTls(), new Cosign(GoTools.cosign(), caData.resolve("home"),
                caTls()), caData.resolve("tuf-clients"), "alice@example.com", IDP.issuer("/email"));
        CosignTestBase.ok(clients.cosign(clients.cache("cosign")).run("initialize", "--mirror",
                clients.mirror().toString(), "--root", clients.root().toString()));
        Path[] first = sign(clients, dir, "before", "signed through Rekor v2 before its key rotated");
        JsonNode firstEntry = entry(first[1]);
        assertThat(firstEntry.path("kindVersion").path("version").asString()).as("a Rekor v2 entry").isEqualTo("0.0.2");
        clients.everyClientAccepts(first[0], first[1]);
        Path[] before = download(Files.createDirectory(dir.resolve("trust-before")));
        assertThat(v2Keys(before[0])).hasSize(1);

        // A key file that does not load changes nothing: the log goes on signing with the key it has.
        Path keyFile = tlog.dataDir().resolve("rekor-v2-key.pem");
        String servedBefore = servedKey();
        byte[] genuine = Files.readAllBytes(keyFile);
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");
        Thread.sleep(2_500); // two of the log's checks
        assertThat(servedKey()).isEqualTo(servedBefore);
        Files.delete(keyFile); // moved away by hand, say: a start would generate one, a running log must not
        Thread.sleep(2_500);
        assertThat(keyFile).doesNotExist();
        assertThat(servedKey()).isEqualTo(servedBefore);
        Files.write(keyFile, genuine);

        RotateCommand.Options o = new RotateCommand.Options(null, null, null, false, caData.resolve("retired"),
                URI.create("https://localhost:" + port), Http.occasional(Duration.ofSeconds(5), caTls()),
                Duration.ofMinutes(2), Clock.systemUTC());
        String out = RekorV2KeyRotation.rotate(o, keyFile, URI.create("http://localhost:" + tlog.port()), null,
                Duration.ofMinutes(1));
        assertThat(out).contains("Rekor v2 log key rotated");
        assertThat(servedKey()).isNotEqualTo(servedBefore);
        Path[] after = download(Files.createDirectory(dir.resolve("trust-after")));
        List<JsonNode> keys = v2Keys(after[0]);
        assertThat(keys).as("the old key until its grace ends, the new one from the switch").hasSize(2);
        assertThat(keys.get(0).path("validFor").has("end")).isTrue();
        assertThat(keys.get(1).path("validFor").has("end")).isFalse();
        assertThat(keys).extracting(k -> k.path("rawBytes").asString()).containsExactly(servedBefore, servedKey());
        assertThat(TufCommand.run("publish", tufOptions(), null, Instant.now()))
                .containsPattern("published targets version [0-9]+");

        Path[] second = sign(clients, dir, "after", "signed through Rekor v2 after its key rotated");
        JsonNode secondEntry = entry(second[1]);
        assertThat(secondEntry.path("logId").path("keyId").asString()).as("the new key's log ID")
                .isNotEqualTo(firstEntry.path("logId").path("keyId").asString());
        assertThat(secondEntry.path("logIndex").asLong()).as("the same tree goes on")
                .isGreaterThan(firstEntry.path("logIndex").asLong());
        clients.everyClientAccepts(first[0], first[1]);
        clients.everyClientAccepts(second[0], second[1]);
        // A trust root handed out before the rotation does not know the key that signed the new checkpoint.
        Cosign stale = new Cosign(GoTools.cosign(), caData.resolve("home"), caTls());
        Cosign.Result refused = stale.run("verify-blob", "--trusted-root", before[0].toString(), "--bundle",
                second[1].toString(), "--certificate-identity", "alice@example.com", "--certificate-oidc-issuer",
                IDP.issuer("/email"), second[0].toString());
        CosignTestBase.refused(refused, "transparency log", "tlog", "log id", "logID");
        System.out.println("[rekor-v2 rotation] a stale trust root: " + refused.stderr().strip());

        tlog = tlog.restart(); // the key file holds the new key: a start signs with it
        assertThat(servedKey()).isEqualTo(keys.get(1).path("rawBytes").asString());
        assertThat(v2Keys(download(Files.createDirectory(dir.resolve("trust-restarted")))[0]))
                .extracting(k -> k.path("rawBytes").asString()).containsExactly(keys.get(0).path("rawBytes").asString(),
                        keys.get(1).path("rawBytes").asString());
    }

    /** cosign signs {@code content} as a file, through TUF; returns the file and its bundle. */
    private Path[] sign(TufClients clients, Path dir, String name, String content) throws Exception {
        Path blob = Files.writeString(dir.resolve(name + ".txt"), content);
        Path bundle = dir.resolve(name + ".sigstore.json");
        CosignTestBase.ok(clients.cosign(clients.cache("cosign")).run("sign-blob", "-y", "--identity-token",
                IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now())), "--bundle", bundle.toString(),
                blob.toString()));
        return new Path[] {blob, bundle};
    }

    private static JsonNode entry(Path bundle) throws IOException {
        return JSON.readTree(Files.readString(bundle)).path("verificationMaterial").path("tlogEntries").get(0);
    }

    /** The trust root's keys of the v2 log, in order: all but the v1 log's (both logs are at one URL here). */
    private List<JsonNode> v2Keys(Path trustedRoot) throws IOException {
        String v1 = Base64.getEncoder().encodeToString(KeyIds.logId(PublicKeys.parsePem(get("/api/v1/log/publicKey")))
                .toByteArray());
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : JSON.readTree(Files.readString(trustedRoot)).path("tlogs")) {
            if (!t.path("logId").path("keyId").asString("").equals(v1)) {
                out.add(t.path("publicKey"));
            }
        }
        return out;
    }

    /** The v2 log's key as it serves it, as base64 DER (a trust root's {@code rawBytes}). */
    private String servedKey() throws IOException {
        return Base64.getEncoder().encodeToString(PublicKeys.toDer(PublicKeys.parsePem(get("/api/v2/log/publicKey"))));
    }

    private String get(String path) throws IOException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + tlog.port() + path))
                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.US_ASCII));
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Map<String, String> tufOptions() {
        return Map.of("repo", caData.resolve("tuf-repository").toString(), "keys", caData.resolve("tuf-keys").toString(),
                "ca", "https://localhost:" + port, "ca-tls-cert", caTls().toString());
    }

    private Path[] download(Path dir) throws Exception {
        return TrustRootCommand.download(TrustRootCommand.client(caTls()), URI.create("https://localhost:" + port), dir);
    }

    private static Path caTls() {
        return DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
    }
}
