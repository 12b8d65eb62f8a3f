package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.admin.TrustRootCommand;
import dev.keyless.ca.CaApplication;
import dev.keyless.ca.testing.JvmTrustStore;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.e2e.testing.Cosign;
import dev.keyless.e2e.testing.GoTools;
import dev.keyless.e2e.testing.OciRegistry;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * cosign (the real one, {@value GoTools#COSIGN_VERSION}, built by the test) against our services, as its users run
 * it: only the trust root and signing config ca-service serves, TLS trust for the CA through {@code SSL_CERT_FILE},
 * tokens from a test issuer, images in registries on loopback (without and with the referrers API). Every passing case has
 * its refused twins, checked for cosign's reason. The scenarios are in the subclasses; they share this class's
 * application context, tlog-service and registries.
 */
@SpringBootTest(classes = CaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class CosignTestBase {
    static final TestOidcProvider IDP = new TestOidcProvider();

    /** sigstore-java's gRPC channel trusts what the JVM trusts. */
    static final JvmTrustStore TRUST = new JvmTrustStore();

    static Path caData;

    static TlogInProcess tlog;

    static OciRegistry registry;

    static OciRegistry referrersRegistry;

    @LocalServerPort
    int port;

    Path dir;

    Path trustedRoot;

    Path signingConfig;

    Cosign cosign;

    Cosign crane;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (tlog == null) {
            caData = TempDirs.directory("cosign-it");
            tlog = TlogInProcess.start(caData);
        }
        r.add("keyless.ca.data-dir", caData::toString);
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.issuers[1].url", () -> IDP.issuer("/github"));
        r.add("keyless.ca.issuers[1].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[1].type", () -> "github-workflow");
        r.add("keyless.ca.issuers[1].policies[0].name", () -> "only-my-org");
        r.add("keyless.ca.issuers[1].policies[0].claim", () -> "repository_owner");
        r.add("keyless.ca.issuers[1].policies[0].equals", () -> "my-org");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> "http://127.0.0.1:" + tlog.port());
        r.add("keyless.ca.ct.public-key", () -> tlog.ctPublicKey().toString());
        r.add("keyless.ca.trust-root.rekor-url", () -> "http://localhost:" + tlog.port());
    }

    @BeforeEach
    void setUp() throws Exception {
        dir = Files.createTempDirectory(caData, "cosign");
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        TRUST.trust(caTls, caData);
        Path[] files = TrustRootCommand.download(TrustRootCommand.client(caTls), URI.create("https://localhost:" + port), dir);
        trustedRoot = files[0];
        signingConfig = files[1];
        cosign = new Cosign(GoTools.cosign(), caData.resolve("home"), caTls);
        crane = cosign.program(GoTools.crane());
        synchronized (CosignTestBase.class) {
            if (registry == null) {
                registry = OciRegistry.distribution();
                referrersRegistry = OciRegistry.withReferrers();
            }
        }
    }

    /**
     * Only the JVM trust store is given back after each class: the issuer, the registries and tlog-service serve every
     * cosign test class (they share one application context) and end with the test JVM.
     */
    @AfterAll
    static void restoreTrustStore() {
        TRUST.restore();
    }

    String emailToken() {
        return IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
    }

    Cosign.Result verifyBlob(Path blob, Path bundle, Path root, String identity, String issuer) throws Exception {
        return cosign.run("verify-blob", "--trusted-root", root.toString(), "--bundle", bundle.toString(),
                "--certificate-identity", identity, "--certificate-oidc-issuer", issuer, blob.toString());
    }

    Cosign.Result verifyImage(String image, String identity, String issuer) throws Exception {
        return cosign.run("verify", "--trusted-root", trustedRoot.toString(), "--certificate-identity", identity,
                "--certificate-oidc-issuer", issuer, image);
    }

    Path predicate(String name) throws IOException {
        try (var in = CosignTestBase.class.getResourceAsStream("/cosign/" + name)) {
            Path p = dir.resolve(name);
            Files.write(p, in.readAllBytes());
            return p;
        }
    }

    String rekorUrl() {
        return "http://localhost:" + tlog.port();
    }

    static void exec(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + "\n" + out).isZero();
    }

    /** Pushes a one-layer image to {@code repo:tag} on the registry; returns {@code host/repo@sha256:...}. */
    String pushImage(String repo, String tag, String content) throws Exception {
        return pushImage(registry, repo, tag, content);
    }

    String pushImage(OciRegistry registry, String repo, String tag, String content) throws Exception {
        Path layerDir = Files.createTempDirectory(dir, "layer");
        Files.writeString(layerDir.resolve("app.txt"), content);
        Path layer = dir.resolve(repo + "-" + tag + "-" + System.nanoTime() + ".tar");
        Process tar = new ProcessBuilder("tar", "-cf", layer.toString(), "-C", layerDir.toString(), "app.txt").start();
        assertThat(tar.waitFor()).isZero();
        Cosign.Result r = ok(crane.run("append", "--oci-empty-base", "-f", layer.toString(), "-t",
                registry.host() + "/" + repo + ":" + tag));
        String ref = r.stdout().strip();
        assertThat(ref).as(r.describe()).matches(Pattern.quote(registry.host() + "/" + repo) + "@sha256:[0-9a-f]{64}");
        return ref;
    }

    /** The served trust root with the Rekor key replaced by another key: another deployment's. */
    Path foreignTrustRoot() throws Exception {
        ObjectNode foreign = (ObjectNode)
                JsonMapper.builder().build().readTree(Files.readString(trustedRoot));
        ((ObjectNode) foreign.get("tlogs").get(0).get("publicKey"))
                .put("rawBytes", foreign.get("ctlogs").get(0).get("publicKey").get("rawBytes").asString());
        return Files.writeString(dir.resolve("foreign_trusted_root.json"), foreign.toString());
    }

    /**
     * Runs the sigstore-js driver (e2e/js): it signs {@code artifact} as alice@example.com through Rekor v1 into
     * {@code bundleOut}, verifies it, and verifies another client's bundle of {@code otherArtifact}.
     */
    SigstoreJs.Result sigstoreJs(Path artifact, Path bundleOut, Path otherArtifact, Path otherBundle) throws Exception {
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        Map<String, String> env = new HashMap<>();
        env.put("NODE_EXTRA_CA_CERTS", caTls.toString());
        env.put("KEYLESS_FULCIO_URL", "https://localhost:" + port);
        env.put("KEYLESS_REKOR_URL", "http://localhost:" + tlog.port());
        env.put("KEYLESS_TOKEN", emailToken());
        env.put("KEYLESS_TRUSTED_ROOT", trustedRoot.toString());
        env.put("KEYLESS_IDENTITY", "alice@example.com");
        env.put("KEYLESS_ISSUER", IDP.issuer("/email"));
        env.put("KEYLESS_ARTIFACT", artifact.toString());
        env.put("KEYLESS_BUNDLE_OUT", bundleOut.toString());
        env.put("KEYLESS_JAVA_ARTIFACT", otherArtifact.toString()); // the driver's "other client" bundle
        env.put("KEYLESS_JAVA_BUNDLE", otherBundle.toString());
        return SigstoreJs.run(env);
    }

    static Cosign.Result ok(Cosign.Result r) {
        assertThat(r.exitCode()).as(r.describe()).isZero();
        return r;
    }

    /** cosign refused, and said why: its error names one of {@code reasons} (so it failed for the right reason). */
    static Cosign.Result refused(Cosign.Result r, String... reasons) {
        assertThat(r.exitCode()).as(r.describe()).isNotZero();
        assertThat(reasons).as("expected reasons").isNotEmpty();
        assertThat(r.stderr()).as(r.describe()).containsAnyOf(reasons);
        return r;
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    static Map<String, String> env(String k, String v) {
        return Map.of(k, v);
    }
}
