package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.CaApplication;
import dev.keyless.admin.RekorRotateCommand;
import dev.keyless.admin.TufCommand;
import dev.keyless.admin.TrustRootCommand;
import dev.keyless.ca.rotation.CtKeyRotation;
import dev.keyless.ca.rotation.RotateCommand;
import dev.keyless.ca.wire.Http;
import dev.keyless.ca.testing.JvmTrustStore;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.GoTools;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.testing.TempDirs;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A Rekor key rotation as users live through it, end to end. The unmodified sigstore-java client signs before
 * the rotation. tlog-service is then restarted with a new key and the old one listed as retired, as in
 * docs/operations.md, and the client signs again. Both bundles must verify against the {@code trusted_root.json}
 * that ca-service serves afterwards, with no change to ca-service's configuration.
 */
@SpringBootTest(classes = CaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RekorRotationIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final JvmTrustStore TRUST = new JvmTrustStore();
    static Path caData;
    static TlogInProcess tlog;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (tlog == null) {
            caData = TempDirs.directory("rekor-rotation-it");
            tlog = TlogInProcess.start(caData);
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
        // Built on every request, so the test need not wait the default 5 minutes for the rotation to show.
        r.add("keyless.ca.trust-root.refresh", () -> "0s");
        r.add("keyless.ca.rotation.reload-interval", () -> "1s");
        r.add("keyless.ca.tuf.repository-dir", () -> caData.resolve("tuf-repository").toString());
        r.add("keyless.ca.tuf.online-keys-dir", () -> caData.resolve("tuf-keys/online").toString());
    }

    /** The four TUF clients, taking trust only from this class's repository (made in test 2). */
    TufClients clients() throws Exception {
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        return new TufClients(URI.create("https://localhost:" + port + "/tuf"),
                caData.resolve("tuf-repository/1.root.json"), caTls, new Cosign(GoTools.cosign(), caData.resolve("home"),
                caTls), caData.resolve("tuf-clients"), "alice@example.com", IDP.issuer("/email"));
    }

    /** Publishes what ca-service serves now (./dev tuf init or publish --ca). */
    String tuf(String command) throws Exception {
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        return TufCommand.run(command, Map.of("repo", caData.resolve("tuf-repository").toString(), "keys",
                caData.resolve("tuf-keys").toString(), "ca", "https://localhost:" + port, "ca-tls-cert", caTls.toString()),
                null, Instant.now());
    }

    /** A sigstore-java bundle as files, for the other clients. */
    static Path[] files(Path dir, String name, String content, Bundle bundle) throws Exception {
        return new Path[] {Files.writeString(dir.resolve(name + ".txt"), content),
                Files.writeString(dir.resolve(name + ".sigstore.json"), bundle.toJson())};
    }

    static Path[] beforeHotRotation;

    @BeforeEach
    void trustTheCaServer() throws Exception {
        TRUST.trust(DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE), caData);
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
    @Order(1)
    void bundlesFromBeforeAndAfterARekorKeyRotationVerifyAgainstTheServedTrustRoot() throws Exception {
        Path dir = Files.createTempDirectory(caData, "rotation");
        VerificationOptions alice = SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email"));
        Path[] before = download(Files.createDirectory(dir.resolve("before")));
        assertThat(served(before[0]).getTLogs()).hasSize(1);
        byte[] first = SigstoreJavaClient.sha256("signed before the rotation");
        Bundle old = SigstoreJavaClient.sign(before[0], before[1], token(), first);

        Path tlogData = tlog.dataDir();
        Path oldKey = Files.move(tlogData.resolve("rekor-key.pem"), tlogData.resolve("rekor-key-1.pem"));
        tlog = tlog.restart("--keyless.tlog.retired-rekor-keys[0].key=" + oldKey);

        Path[] after = download(Files.createDirectory(dir.resolve("after")));
        assertThat(served(after[0]).getTLogs()).as("the frozen shard's key and the new one").hasSize(2);
        byte[] second = SigstoreJavaClient.sha256("signed after the rotation");
        Bundle fresh = SigstoreJavaClient.sign(after[0], after[1], token(), second);
        assertThat(fresh.getEntries().get(0).getLogID()).isNotEqualTo(old.getEntries().get(0).getLogID());
        assertThat(fresh.getEntries().get(0).getLogIndex()).isGreaterThan(old.getEntries().get(0).getLogIndex());

        KeylessVerifier current = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(after[0])).build();
        current.verify(first, old, alice);
        current.verify(second, fresh, alice);

        // A trust root handed out before the rotation knows only the old key.
        KeylessVerifier stale = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(before[0])).build();
        stale.verify(first, old, alice);
        assertThatThrownBy(() -> stale.verify(second, fresh, alice)).isInstanceOf(KeylessVerificationException.class);
    }

    /**
     * The same rotation in one command, with no restart: RekorRotateCommand keeps the old key in
     * {@code retired-rekor-keys/} and writes a new one; tlog-service freezes the active shard and starts a new one at
     * its next check, and ca-service lists the new key. Bundles from every shard still verify, and a later start
     * finds all the retired keys in that directory with no configuration.
     */
    @Test
    @Order(2)
    void oneCommandRotatesTheRekorKeyWithoutARestart() throws Exception {
        Path tlogData = tlog.dataDir();
        // The key test 1 listed in configuration moves into the directory: a start needs nothing else.
        Files.createDirectories(tlogData.resolve("retired-rekor-keys"));
        Files.move(tlogData.resolve("rekor-key-1.pem"), tlogData.resolve("retired-rekor-keys/rekor-1.pem"));
        tlog = tlog.restart(); // test tlog-services check their key files every second (TlogInProcess)
        Path dir = Files.createTempDirectory(caData, "hot-rotation");
        VerificationOptions alice = SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email"));
        Path[] before = download(Files.createDirectory(dir.resolve("before")));
        byte[] first = SigstoreJavaClient.sha256("signed before the hot rotation");
        Bundle old = SigstoreJavaClient.sign(before[0], before[1], token(), first);
        // Clients that take their trust through TUF: a repository of what ca-service serves, and cosign initialized.
        assertThat(tuf("init")).contains("1.root.json");
        TufClients clients = clients();
        CosignTestBase.ok(clients.cosign(clients.cache("cosign")).run("initialize", "--mirror",
                clients.mirror().toString(), "--root", clients.root().toString()));
        beforeHotRotation = files(dir, "before", "signed before the hot rotation", old);
        clients.everyClientAccepts(beforeHotRotation[0], beforeHotRotation[1]);

        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        String out = RekorRotateCommand.rotate(tlogData, null, URI.create("http://localhost:" + tlog.port()),
                URI.create("https://localhost:" + port), TrustRootCommand.client(caTls), Duration.ofMinutes(1), null);
        assertThat(out).contains("Rekor key rotated");

        Path[] after = download(Files.createDirectory(dir.resolve("after")));
        assertThat(served(after[0]).getTLogs()).as("two frozen shards' keys and the new one").hasSize(3);
        byte[] second = SigstoreJavaClient.sha256("signed after the hot rotation");
        Bundle fresh = SigstoreJavaClient.sign(after[0], after[1], token(), second);
        assertThat(fresh.getEntries().get(0).getLogID()).isNotEqualTo(old.getEntries().get(0).getLogID());
        KeylessVerifier current = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(after[0])).build();
        current.verify(first, old, alice);
        current.verify(second, fresh, alice);
        // Published over TUF, every client follows with no new configuration.
        assertThat(tuf("publish")).containsPattern("published targets version [0-9]+");
        Path[] afterFiles = files(dir, "after", "signed after the hot rotation", fresh);
        clients.everyClientAccepts(beforeHotRotation[0], beforeHotRotation[1]);
        clients.everyClientAccepts(afterFiles[0], afterFiles[1]);
        // cosign, with its trust from TUF only, signs into the new shard, and every client verifies that too.
        Path[] byCosign = cosignSigns(clients, dir, "signed by cosign after the hot rotation");
        clients.everyClientAccepts(byCosign[0], byCosign[1]);

        tlog = tlog.restart(); // every retired key from the directory, none configured
        Path[] restarted = download(Files.createDirectory(dir.resolve("restarted")));
        assertThat(served(restarted[0]).getTLogs()).hasSize(3);
        KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(restarted[0])).build()
                .verify(second, fresh, alice);
    }

    /**
     * The CT log key in one command, with no restart of either service: ca-service takes the new public key first (and
     * still accepts the old one's SCTs for a grace), then the CT log the new private key. Certificates issued before
     * and after carry SCTs by different keys, and both bundles verify against the served trust root.
     */
    @Test
    @Order(3)
    void oneCommandRotatesTheCtLogKeyWithoutARestart() throws Exception {
        tlog = tlog.restart(); // test tlog-services check their key files every second (TlogInProcess)
        Path dir = Files.createTempDirectory(caData, "ct-rotation");
        VerificationOptions alice = SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email"));
        Path[] before = download(Files.createDirectory(dir.resolve("before")));
        assertThat(served(before[0]).getCTLogs()).hasSize(1);
        byte[] first = SigstoreJavaClient.sha256("SCT by the old CT key");
        Bundle old = SigstoreJavaClient.sign(before[0], before[1], token(), first);

        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        RotateCommand.Options o = new RotateCommand.Options(null, null, null, false, caData.resolve("retired"),
                URI.create("https://localhost:" + port), Http.occasional(Duration.ofSeconds(5), caTls),
                Duration.ofMinutes(12), java.time.Clock.systemUTC());
        String out = CtKeyRotation.rotate(o, tlog.dataDir().resolve("ct-key.pem"), tlog.ctPublicKey(),
                URI.create("http://localhost:" + tlog.port()), null);
        assertThat(out).contains("CT log key rotated");

        Path[] after = download(Files.createDirectory(dir.resolve("after")));
        assertThat(served(after[0]).getCTLogs()).as("the retired CT key and the new one").hasSize(2);
        byte[] second = SigstoreJavaClient.sha256("SCT by the new CT key");
        Bundle fresh = SigstoreJavaClient.sign(after[0], after[1], token(), second);
        KeylessVerifier current = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(after[0])).build();
        current.verify(first, old, alice);
        current.verify(second, fresh, alice);
        // A trust root from before the rotation knows only the old CT key: the new certificate's SCT is refused.
        KeylessVerifier stale = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(before[0])).build();
        assertThatThrownBy(() -> stale.verify(second, fresh, alice)).isInstanceOf(KeylessVerificationException.class);
        // Through TUF, every client follows: the bundles of both CT keys, and the one from before the Rekor rotation.
        assertThat(tuf("publish")).containsPattern("published targets version [0-9]+");
        TufClients clients = clients();
        Path[] oldFiles = files(dir, "old-sct", "SCT by the old CT key", old);
        Path[] newFiles = files(dir, "new-sct", "SCT by the new CT key", fresh);
        clients.everyClientAccepts(oldFiles[0], oldFiles[1]);
        clients.everyClientAccepts(newFiles[0], newFiles[1]);
        clients.everyClientAccepts(beforeHotRotation[0], beforeHotRotation[1]);
        Path[] byCosign = cosignSigns(clients, dir, "signed by cosign after the CT key rotation");
        clients.everyClientAccepts(byCosign[0], byCosign[1]);
    }

    /** cosign signs {@code content} as a file with its trust and signing config from TUF; the file and its bundle. */
    private Path[] cosignSigns(TufClients clients, Path dir, String content) throws Exception {
        Path blob = Files.writeString(Files.createTempFile(dir, "cosign", ".txt"), content);
        Path bundle = blob.resolveSibling(blob.getFileName() + ".sigstore.json");
        CosignTestBase.ok(clients.cosign(clients.cache("cosign")).run("sign-blob", "-y", "--identity-token", token(),
                "--bundle", bundle.toString(), blob.toString()));
        return new Path[] {blob, bundle};
    }

    private String token() {
        return IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
    }

    private static SigstoreTrustedRoot served(Path trustedRoot) throws Exception {
        return SigstoreTrustedRoot.from(Files.newInputStream(trustedRoot));
    }

    /** {@code trusted_root.json} and {@code signing_config.json} as ca-service serves them now. */
    private Path[] download(Path dir) throws Exception {
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        return TrustRootCommand.download(TrustRootCommand.client(caTls), URI.create("https://localhost:" + port), dir);
    }
}
