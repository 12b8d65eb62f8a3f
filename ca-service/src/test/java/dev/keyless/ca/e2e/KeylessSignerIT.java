package dev.keyless.ca.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.JvmTrustStore;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.testing.TlogInProcess;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.ct.SctList;
import dev.sigstore.AlgorithmRegistry;
import dev.sigstore.KeylessSigner;
import dev.sigstore.KeylessVerificationException;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.SigningConfigProvider;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import dev.sigstore.oidc.client.OidcClients;
import dev.sigstore.oidc.client.TokenStringOidcClient;
import dev.sigstore.strings.StringMatcher;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The acceptance test: the unmodified sigstore-java {@code KeylessSigner} signs an artifact against our
 * services — a certificate from ca-service over gRPC and TLS with an SCT embedded by tlog-service's CT log, then
 * a Rekor entry in tlog-service — and its {@code KeylessVerifier} verifies the bundle against a trust root that
 * lists only our keys, with an identity policy. A changed artifact and a wrong identity are refused.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KeylessSignerIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final JvmTrustStore TRUST = new JvmTrustStore();
    static Path caData;
    static TlogInProcess tlog;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        if (tlog == null) {
            caData = Files.createTempDirectory("keyless-signer-it");
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

    @Test
    void keylessSignerSignsAndKeylessVerifierVerifiesAnEmailIdentity() throws Exception {
        Path dir = Files.createTempDirectory(caData, "sign");
        Path trustedRoot = writeTrustedRoot(dir);
        Path signingConfig = writeSigningConfig(dir);
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        // KeylessSigner.sign and KeylessVerifier.verify take the artifact's SHA-256 digest.
        byte[] artifact = sha256("hello from a private sigstore");

        Bundle bundle = sign(trustedRoot, signingConfig, token, artifact);
        X509Certificate leaf = (X509Certificate) bundle.getCertPath().getCertificates().get(0);
        assertThat(SctList.fromCertificate(leaf)).hasSize(1);
        assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)).toList()).containsExactly((Object) "alice@example.com");
        assertThat(bundle.getEntries()).hasSize(1);
        assertThat(bundle.getEntries().get(0).getLogIndex()).isPositive();

        KeylessVerifier verifier = KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(trustedRoot)).build();
        verifier.verify(artifact, bundle, identity("alice@example.com", IDP.issuer("/email")));
        // The bundle survives its JSON form, as it would in a file handed to another machine.
        verifier.verify(artifact, Bundle.from(new java.io.StringReader(bundle.toJson())), identity("alice@example.com", IDP.issuer("/email")));

        byte[] changed = sha256("hello from a private sigstore!");
        assertThatThrownBy(() -> verifier.verify(changed, bundle, identity("alice@example.com", IDP.issuer("/email"))))
                .isInstanceOf(KeylessVerificationException.class);
        assertThatThrownBy(() -> verifier.verify(artifact, bundle, identity("mallory@example.com", IDP.issuer("/email"))))
                .isInstanceOf(KeylessVerificationException.class);
    }

    @Test
    void aCiWorkloadTokenYieldsTheSigstoreExtensionsTheVerifierChecks() throws Exception {
        Path dir = Files.createTempDirectory(caData, "ci");
        Path trustedRoot = writeTrustedRoot(dir);
        Path signingConfig = writeSigningConfig(dir);
        String token = IDP.mint(TestClaims.github(IDP.issuer("/github"), Instant.now()));
        byte[] artifact = sha256("a release artifact built in CI");
        Bundle bundle = sign(trustedRoot, signingConfig, token, artifact);
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

    /** The unmodified client, configured only by the two trust files and a token, as a user would. */
    private static Bundle sign(Path trustedRoot, Path signingConfig, String token, byte[] artifactDigest) throws Exception {
        try (KeylessSigner signer = KeylessSigner.builder()
                .trustedRootProvider(TrustedRootProvider.from(trustedRoot))
                .signingConfigProvider(SigningConfigProvider.from(signingConfig))
                .forceCredentialProviders(OidcClients.of(TokenStringOidcClient.from(token)))
                .signingAlgorithm(AlgorithmRegistry.SigningAlgorithm.PKIX_ECDSA_P256_SHA_256)
                .build()) {
            return signer.sign(artifactDigest);
        }
    }

    private static byte[] sha256(String artifact) {
        return dev.keyless.common.encoding.Hash.sha256(artifact.getBytes(StandardCharsets.UTF_8)).toByteArray();
    }

    private static VerificationOptions identity(String email, String issuer) {
        return VerificationOptions.builder().addCertificateMatchers(VerificationOptions.CertificateMatcher.fulcio()
                .subjectAlternativeName(StringMatcher.string(email)).issuer(StringMatcher.string(issuer)).build()).build();
    }

    private Path writeTrustedRoot(Path dir) throws Exception {
        String tlogUrl = "http://localhost:" + tlog.port();
        PublicKey rekorKey = PublicKeys.parsePem(get(URI.create(tlogUrl + "/api/v1/log/publicKey")));
        PublicKey ctKey = PublicKeys.parsePem(Files.readString(tlog.ctPublicKey()));
        List<X509Certificate> chain = tlog.caChain();
        Base64.Encoder b64 = Base64.getEncoder();
        StringBuilder certs = new StringBuilder();
        for (X509Certificate c : chain) {
            certs.append(certs.isEmpty() ? "" : ",").append("{\"rawBytes\":\"").append(b64.encodeToString(c.getEncoded())).append("\"}");
        }
        String json = "{\"mediaType\":\"application/vnd.dev.sigstore.trustedroot+json;version=0.1\","
                + "\"tlogs\":[" + log(tlogUrl, rekorKey) + "],"
                + "\"certificateAuthorities\":[{\"subject\":{\"organization\":\"keyless\",\"commonName\":\"keyless\"},"
                + "\"uri\":\"https://localhost:" + port + "\",\"certChain\":{\"certificates\":[" + certs + "]},"
                + "\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}}],"
                + "\"ctlogs\":[" + log(tlogUrl, ctKey) + "],"
                + "\"timestampAuthorities\":[]}";
        Path file = dir.resolve("trusted_root.json");
        Files.writeString(file, json);
        return file;
    }

    private static String log(String url, PublicKey key) {
        Base64.Encoder b64 = Base64.getEncoder();
        return "{\"baseUrl\":\"" + url + "\",\"hashAlgorithm\":\"SHA2_256\",\"publicKey\":{\"rawBytes\":\""
                + b64.encodeToString(PublicKeys.toDer(key)) + "\",\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\","
                + "\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"}},\"logId\":{\"keyId\":\""
                + b64.encodeToString(KeyIds.logId(key).toByteArray()) + "\"}}";
    }

    private Path writeSigningConfig(Path dir) throws IOException {
        String service = "\"majorApiVersion\":1,\"validFor\":{\"start\":\"2020-01-01T00:00:00Z\"},\"operator\":\"keyless\"}";
        String json = "{\"mediaType\":\"application/vnd.dev.sigstore.signingconfig.v0.2+json\","
                + "\"caUrls\":[{\"url\":\"https://localhost:" + port + "\"," + service + "],"
                + "\"oidcUrls\":[],"
                + "\"rekorTlogUrls\":[{\"url\":\"http://localhost:" + tlog.port() + "\"," + service + "],"
                + "\"rekorTlogConfig\":{\"selector\":\"ANY\"},"
                + "\"tsaUrls\":[],"
                + "\"tsaConfig\":{\"selector\":\"ANY\"}}";
        Path file = dir.resolve("signing_config.json");
        Files.writeString(file, json);
        return file;
    }

    private static String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
