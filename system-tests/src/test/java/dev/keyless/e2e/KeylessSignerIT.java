package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.admin.TrustRootCommand;
import dev.keyless.ca.CaApplication;
import dev.keyless.ca.testing.JvmTrustStore;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.ct.SctList;
import dev.keyless.e2e.testing.SigstoreJs;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.testing.TempDirs;
import dev.sigstore.KeylessSigner;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.strings.StringMatcher;
import dev.sigstore.trustroot.SigstoreTrustedRoot;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The acceptance test: the unmodified sigstore-java {@code KeylessSigner} signs an artifact against our
 * services — a certificate from ca-service over gRPC and TLS with an SCT embedded by tlog-service's CT log, then
 * a Rekor entry in tlog-service — and its {@code KeylessVerifier} verifies the bundle against a trust root that
 * lists only our keys, with an identity policy. A changed artifact and a wrong identity are refused. sigstore-js does
 * the same from its own process, and each client verifies the other's bundle.
 */
@SpringBootTest(classes = CaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeylessSignerIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final JvmTrustStore TRUST = new JvmTrustStore();
    static Path caData;
    static TlogInProcess tlog;

    @Autowired
    EcdsaBackend ecdsa;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (tlog == null) {
            caData = TempDirs.directory("keyless-signer-it");
            tlog = TlogInProcess.start(caData);
        }
        r.add("keyless.ca.data-dir", caData::toString);
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.issuers[1].url", () -> IDP.issuer("/github"));
        r.add("keyless.ca.issuers[1].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[1].type", () -> "github-workflow");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> "http://127.0.0.1:" + tlog.port());
        r.add("keyless.ca.ct.public-key", () -> tlog.ctPublicKey().toString());
        // The checkpoint key name is tlog-service's host name (localhost), which clients compare with this URL's host.
        r.add("keyless.ca.trust-root.rekor-url", () -> "http://localhost:" + tlog.port());
    }

    /**
     * KeylessSigner's gRPC channel trusts what the JVM trusts: the CA's development TLS certificate, which exists
     * once the application context (started before the first test instance) has run.
     */
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

    /** Where the native provider ships, the service runs its ECDSA there: the tests above then check its output. */
    @Test
    void theCaSignsAndChecksOnTheNativeEcdsaProvider() {
        Assumptions.assumeTrue(System.getProperty("os.name").startsWith("Linux")
                && System.getProperty("os.arch").equals("amd64"), "the native ECDSA provider ships for Linux on x86_64");
        assertThat(ecdsa.provider().map(Provider::getName))
                .hasValue("AmazonCorrettoCryptoProvider");
    }

    @Test
    void keylessSignerSignsAndKeylessVerifierVerifiesAnEmailIdentity() throws Exception {
        Path dir = Files.createTempDirectory(caData, "sign");
        Path[] files = writeTrustFiles(dir);
        Path trustedRoot = files[0];
        Path signingConfig = files[1];
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        // KeylessSigner.sign and KeylessVerifier.verify take the artifact's SHA-256 digest.
        byte[] artifact = SigstoreJavaClient.sha256("hello from a private sigstore");

        Bundle bundle = SigstoreJavaClient.sign(trustedRoot, signingConfig, token, artifact);
        X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
        assertThat(SctList.fromCertificate(leaf)).hasSize(1);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList()).containsExactly((Object) "alice@example.com");
        assertThat(bundle.getEntries()).hasSize(1);
        assertThat(bundle.getEntries().get(0).getLogIndex()).isPositive();
        // sigstore-java 2.0.0 asks a timestamp authority only when it logs to a Rekor v2 log; with v1 the SET gives the time.
        assertThat(bundle.getTimestamps()).isEmpty();

        KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        verifier.verify(artifact, bundle, SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email")));
        // The bundle survives its JSON form, as it would in a file handed to another machine.
        verifier.verify(artifact, Bundle.from(new StringReader(bundle.toJson())), SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email")));

        byte[] changed = SigstoreJavaClient.sha256("hello from a private sigstore!");
        assertThatThrownBy(() -> verifier.verify(changed, bundle, SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email"))))
                .isInstanceOf(KeylessVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(artifact, bundle, SigstoreJavaClient.identity("mallory@example.com", IDP.issuer("/email"))))
                .isInstanceOf(KeylessVerificationException.class);
        // A trust root of another deployment (here: another key under this Rekor's log ID) does not accept the bundle.
        ObjectNode foreign = (ObjectNode)
                JsonMapper.builder().build().readTree(Files.readString(trustedRoot));
        ((ObjectNode) foreign.get("tlogs").get(0).get("publicKey"))
                .put("rawBytes", foreign.get("ctlogs").get(0).get("publicKey").get("rawBytes").asString());
        Path foreignRoot = Files.writeString(dir.resolve("foreign_trusted_root.json"), foreign.toString());
        KeylessVerifier foreignVerifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(foreignRoot)).build();
        assertThatThrownBy(() -> foreignVerifier.verify(artifact, bundle, SigstoreJavaClient.identity("alice@example.com", IDP.issuer("/email"))))
                .isInstanceOf(KeylessVerificationException.class);

        // Operators see the issuance in Prometheus, by token issuer and outcome.
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        String metrics = TrustRootCommand.client(caTls).send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).containsPattern("keyless_ca_certificates_total\\{issuer=\"" + Pattern.quote(IDP.issuer("/email"))
                + "\",outcome=\"issued\"[^}]*\\} [1-9]");
    }

    @Test
    void aCiWorkloadTokenYieldsTheSigstoreExtensionsTheVerifierChecks() throws Exception {
        Path dir = Files.createTempDirectory(caData, "ci");
        Path[] files = writeTrustFiles(dir);
        Path trustedRoot = files[0];
        Path signingConfig = files[1];
        String token = IDP.mint(TestClaims.github(IDP.issuer("/github"), Instant.now()));
        byte[] artifact = SigstoreJavaClient.sha256("a release artifact built in CI");
        Bundle bundle = SigstoreJavaClient.sign(trustedRoot, signingConfig, token, artifact);
        String workflow = "https://github.com/my-org/my-repo/.github/workflows/release.yml@refs/heads/main";
        VerificationOptions policy = VerificationOptions.builder().addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
                .subjectAlternativeName(StringMatcher.string(workflow))
                .issuer(StringMatcher.string(IDP.issuer("/github")))
                // Source Repository URI (1.3.6.1.4.1.57264.1.12) and Source Repository Ref (.14), DER UTF8String.
                .putOidDerAsn1Strings("1.3.6.1.4.1.57264.1.12", StringMatcher.string("https://github.com/my-org/my-repo"))
                .putOidDerAsn1Strings("1.3.6.1.4.1.57264.1.14", StringMatcher.string("refs/heads/main"))
                .build()).build();
        KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        verifier.verify(artifact, bundle, policy);

        VerificationOptions otherRepo = VerificationOptions.builder().addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
                .subjectAlternativeName(StringMatcher.string(workflow))
                .issuer(StringMatcher.string(IDP.issuer("/github")))
                .putOidDerAsn1Strings("1.3.6.1.4.1.57264.1.12", StringMatcher.string("https://github.com/other-org/my-repo"))
                .build()).build();
        assertThatThrownBy(() -> verifier.verify(artifact, bundle, otherRepo)).isInstanceOf(KeylessVerificationException.class);
    }

    /**
     * sigstore-js, unmodified and in its own Node process, signs and verifies against the same services with the
     * served trust root (a changed artifact, a wrong identity and a trust root with another Rekor key are refused
     * there), and the two clients accept each other's bundles: sigstore-js verifies a sigstore-java bundle with only
     * the trust root file, and sigstore-java verifies the sigstore-js bundle.
     */
    @Test
    void sigstoreJsSignsAndVerifiesAndBothClientsAcceptEachOthersBundles() throws Exception {
        Path dir = Files.createTempDirectory(caData, "js");
        Path[] files = writeTrustFiles(dir);
        String issuer = IDP.issuer("/email");

        Path javaArtifact = Files.writeString(dir.resolve("java-artifact.txt"), "signed by sigstore-java");
        Bundle javaBundle = SigstoreJavaClient.sign(files[0], files[1], IDP.mint(TestClaims.email(issuer, Instant.now())),
                SigstoreJavaClient.sha256("signed by sigstore-java"));
        Path javaBundleFile = Files.writeString(dir.resolve("java.sigstore.json"), javaBundle.toJson());

        Path jsArtifact = Files.writeString(dir.resolve("js-artifact.txt"), "signed by sigstore-js");
        Path jsBundleFile = dir.resolve("js.sigstore.json");
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        Map<String, String> env = new HashMap<>();
        env.put("NODE_EXTRA_CA_CERTS", caTls.toString());
        env.put("KEYLESS_FULCIO_URL", "https://localhost:" + port);
        env.put("KEYLESS_REKOR_URL", "http://localhost:" + tlog.port());
        env.put("KEYLESS_TOKEN", IDP.mint(TestClaims.email(issuer, Instant.now())));
        env.put("KEYLESS_TRUSTED_ROOT", files[0].toString());
        env.put("KEYLESS_IDENTITY", "alice@example.com");
        env.put("KEYLESS_ISSUER", issuer);
        env.put("KEYLESS_ARTIFACT", jsArtifact.toString());
        env.put("KEYLESS_BUNDLE_OUT", jsBundleFile.toString());
        env.put("KEYLESS_JAVA_ARTIFACT", javaArtifact.toString());
        env.put("KEYLESS_JAVA_BUNDLE", javaBundleFile.toString());
        SigstoreJs.Result js = SigstoreJs.run(env);
        assertThat(js.steps()).as(js.output()).extracting(SigstoreJs.Step::step, SigstoreJs.Step::ok).containsExactly(
                Tuple.tuple("sign", true),
                Tuple.tuple("verify", true),
                Tuple.tuple("verify changed artifact", true),
                Tuple.tuple("verify wrong identity", true),
                Tuple.tuple("verify against another trust root", true),
                Tuple.tuple("verify sigstore-java bundle", true));
        assertThat(js.exitCode()).as(js.output()).isZero();

        Bundle jsBundle = Bundle.from(Files.newBufferedReader(jsBundleFile));
        KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(files[0])).build();
        verifier.verify(SigstoreJavaClient.sha256("signed by sigstore-js"), jsBundle, SigstoreJavaClient.identity("alice@example.com", issuer));
        assertThatThrownBy(() -> verifier.verify(SigstoreJavaClient.sha256("signed by sigstore-js!"), jsBundle, SigstoreJavaClient.identity("alice@example.com", issuer)))
                .isInstanceOf(KeylessVerificationException.class);
    }

    /** The two client files as ca-service serves them, written by the admin command. */
    private Path[] writeTrustFiles(Path dir) throws Exception {
        Path caTls = DevelopmentServerCertificate.directory(caData).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
        Path[] files = TrustRootCommand.download(TrustRootCommand.client(caTls), URI.create("https://localhost:" + port), dir);
        SigstoreTrustedRoot served = SigstoreTrustedRoot.from(Files.newInputStream(files[0]));
        assertThat(served.getCAs()).singleElement().satisfies(ca ->
                assertThat(ca.getCertPath().getCertificates()).isEqualTo(tlog.caChain()));
        assertThat(served.getTLogs()).singleElement().satisfies(l -> assertThat(l.getBaseUrl())
                .isEqualTo(URI.create("http://localhost:" + tlog.port())));
        assertThat(served.getCTLogs()).hasSize(1);
        return files;
    }
}
