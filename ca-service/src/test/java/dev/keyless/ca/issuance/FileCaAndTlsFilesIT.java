package dev.keyless.ca.issuance;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestIssuers;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The production set-up, booted as an operator configures it: the CA key from a file (encrypted PKCS#8, with its
 * chain), the TLS server certificate and key from files, and a certificate lifetime other than Fulcio's 10 minutes.
 * Nothing is generated in the data directory, the server presents the configured certificate, and the issued chain
 * ends in the configured one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FileCaAndTlsFilesIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final String KEY_PASSWORD = "correct horse battery staple";
    static final Path DATA;
    static final Path MATERIAL;
    static final List<X509Certificate> CA_CHAIN;
    static final X509Certificate TLS_CERTIFICATE;

    static {
        try {
            DATA = TempDirs.directory("file-ca-it-data");
            MATERIAL = TempDirs.directory("file-ca-it-material");
            // The operator's material, made here with the development generators and then moved out of their layout.
            CA_CHAIN = DevelopmentCa.loadOrCreate(MATERIAL, Clock.systemUTC()).chain();
            var caKey = PrivateKeys.parsePem(Files.readString(MATERIAL.resolve("dev-ca/ca-key.pem")));
            Files.writeString(MATERIAL.resolve("ca-key.enc.pem"),
                    PrivateKeys.toEncryptedPem(caKey, KEY_PASSWORD.toCharArray(), new SecureRandom(), 1000));
            Files.move(MATERIAL.resolve("dev-ca/ca-chain.pem"), MATERIAL.resolve("ca-chain.pem"));
            Files.delete(MATERIAL.resolve("dev-ca/ca-key.pem"));
            TLS_CERTIFICATE = DevelopmentServerCertificate.loadOrCreate(MATERIAL, List.of(), Clock.systemUTC()).chain().get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("keyless.ca.data-dir", DATA::toString);
        r.add("keyless.ca.ct.enabled", () -> "false");
        r.add("keyless.ca.certificate-validity", () -> "3m");
        r.add("keyless.ca.signer.type", () -> "file");
        r.add("keyless.ca.signer.key-file", () -> MATERIAL.resolve("ca-key.enc.pem").toString());
        r.add("keyless.ca.signer.key-password", () -> KEY_PASSWORD);
        r.add("keyless.ca.signer.chain-file", () -> MATERIAL.resolve("ca-chain.pem").toString());
        Path tls = DevelopmentServerCertificate.directory(MATERIAL);
        r.add("keyless.ca.tls.certificate-file", () -> tls.resolve(DevelopmentServerCertificate.CERTIFICATE_FILE).toString());
        r.add("keyless.ca.tls.key-file", () -> tls.resolve(DevelopmentServerCertificate.KEY_FILE).toString());
        TestIssuers.register(r, IDP);
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void signingCertOverTheConfiguredTlsCertificateIsIssuedByTheFileCaWithTheConfiguredLifetime() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair key = g.generateKeyPair();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        Signature proof = Signature.getInstance("SHA256withECDSA");
        proof.initSign(key.getPrivate());
        proof.update("alice@example.com".getBytes(StandardCharsets.UTF_8));
        String body = JSONObjectUtils.toJSONString(Map.of(
                "credentials", Map.of("oidcIdentityToken", token),
                "publicKeyRequest", Map.of(
                        "publicKey", Map.of("algorithm", "ECDSA", "content", PublicKeys.toPem(key.getPublic())),
                        "proofOfPossession", Base64.getEncoder().encodeToString(proof.sign()))));

        HttpResponse<String> r = trustingOnly(TLS_CERTIFICATE).send(
                HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v2/signingCert"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.sslSession().orElseThrow().getPeerCertificates()[0]).isEqualTo(TLS_CERTIFICATE);
        Map<String, Object> chainJson = (Map<String, Object>) ((Map<String, Object>) JSONObjectUtils.parse(r.body())
                .get("signedCertificateDetachedSct")).get("chain");
        List<X509Certificate> chain = ((List<String>) chainJson.get("certificates")).stream().map(Certificates::parsePem).toList();
        assertThat(chain.subList(1, chain.size())).isEqualTo(CA_CHAIN);
        X509Certificate leaf = chain.get(0);
        leaf.verify(CA_CHAIN.get(0).getPublicKey());
        assertThat(Duration.between(leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant())).isEqualTo(Duration.ofMinutes(3));
        // Neither a development CA nor a development TLS certificate was generated beside the configured files.
        assertThat(DATA.resolve("dev-ca")).doesNotExist();
        assertThat(DevelopmentServerCertificate.directory(DATA)).doesNotExist();
    }

    static HttpClient trustingOnly(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("server", certificate);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).build();
    }
}
