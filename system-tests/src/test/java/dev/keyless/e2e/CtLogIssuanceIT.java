package dev.keyless.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyless.ca.CaApplication;
import dev.keyless.ca.testing.SigningRequests;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SctList;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.e2e.testing.TlogInProcess;
import dev.keyless.testing.TempDirs;
import dev.keyless.tlog.TlogApplication;
import dev.keyless.tlog.ct.CtLog;
import dev.keyless.tlog.ct.SignedTreeHead;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * ca-service against the real CT log: tlog-service ({@link TlogApplication}) runs in this JVM on a random port and
 * this run's PostgreSQL database, trusting the development CA's root; ca-service logs every precertificate there.
 * The certificate obtained over REST must carry exactly one SCT that verifies under the key tlog-service publishes
 * in its data directory, and the log must prove the precertificate entry's inclusion under its signed tree head.
 */
@SpringBootTest(classes = CaApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CtLogIssuanceIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Path caData;
    static Path tlogData;
    static ConfigurableApplicationContext tlog;
    static int tlogPort;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        startTlog();
        // Plain HTTP: this test is about the CT step; FulcioGrpcIT covers TLS.
        r.add("keyless.ca.tls.enabled", () -> "false");
        r.add("keyless.ca.data-dir", caData::toString);
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> "http://127.0.0.1:" + tlogPort);
        r.add("keyless.ca.ct.public-key", () -> tlogData.resolve("ct-key.pub.pem").toString());
    }

    static synchronized void startTlog() throws IOException {
        if (tlog != null) {
            return;
        }
        caData = TempDirs.directory("ct-issuance-it-ca");
        TlogInProcess started = TlogInProcess.start(caData);
        tlog = started.context();
        tlogData = started.dataDir();
        tlogPort = started.port();
    }

    @AfterAll
    static void stop() {
        IDP.close();
        if (tlog != null) {
            tlog.close();
        }
    }

    @Test
    void readinessIncludesTheCtLog() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"ctLog\":{\"status\":\"UP\"");
    }

    @Test
    void signingCertWhenCtEnabledThenLeafCarriesOneSctFromTheLogAndTheLogProvesTheEntry() throws Exception {
        KeyPair key = SigningRequests.p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String body = SigningRequests.aliceRequest(key, token);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/signingCert"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<X509Certificate> chain = certificates(r.body()).stream().map(Certificates::parsePem).toList();
        X509Certificate leaf = chain.get(0);
        PublicKey issuerKey = chain.get(1).getPublicKey();

        // Exactly one SCT, signed by the key tlog-service published in its data directory.
        PublicKey ctKey = PublicKeys.parsePem(Files.readString(tlogData.resolve("ct-key.pub.pem"), StandardCharsets.US_ASCII));
        assertThat(ctKey.getEncoded()).isEqualTo(tlog.getBean(CtLog.class).publicKey().getEncoded());
        List<SignedCertificateTimestamp> scts = SctList.fromCertificate(leaf);
        assertThat(scts).hasSize(1);
        SignedCertificateTimestamp sct = scts.get(0);
        LogEntry.PrecertEntry entry = Precertificates.fromFinalCertificate(leaf, issuerKey);
        sct.verify(ctKey, entry);

        // The log holds the precertificate entry: inclusion proof for its leaf hash under a verified STH.
        Map<String, Object> sth = getJson("/ct/v1/get-sth");
        long treeSize = ((Number) sth.get("tree_size")).longValue();
        Hash root = Hash.of(unb64((String) sth.get("sha256_root_hash")));
        verifySthSignature(sth, ctKey);
        Hash leafHash = MerkleTreeLeaf.of(sct, entry).leafHash();
        Map<String, Object> proof = getJson("/ct/v1/get-proof-by-hash?hash="
                + URLEncoder.encode(Base64.getEncoder().encodeToString(leafHash.toByteArray()), StandardCharsets.UTF_8)
                + "&tree_size=" + treeSize);
        @SuppressWarnings("unchecked")
        List<Hash> path = ((List<String>) proof.get("audit_path")).stream().map(h -> Hash.of(unb64(h))).toList();
        ProofVerifier.verifyInclusion(((Number) proof.get("leaf_index")).longValue(), treeSize, leafHash, path, root);
    }

    /**
     * Every subject key type Fulcio accepts gets a certificate with a verifying SCT over REST: the leaf carries the
     * submitted key unchanged and its key identifier (SHA-1 of the key bits), whatever the key's algorithm.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("subjectKeys")
    void signingCertWhenSubjectKeyIsAnyAcceptedTypeThenLeafCarriesItWithAVerifyingSct(String name, KeyPair key, String algorithm)
            throws Exception {
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String body = JSONObjectUtils.toJSONString(Map.of(
                "credentials", Map.of("oidcIdentityToken", token),
                "publicKeyRequest", Map.of(
                        "publicKey", Map.of("content", PublicKeys.toPem(key.getPublic())),
                        "proofOfPossession", SigningRequests.sign(key, algorithm, "alice@example.com"))));
        HttpResponse<String> r = post("/api/v2/signingCert", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<X509Certificate> chain = certificates(r.body()).stream().map(Certificates::parsePem).toList();
        X509Certificate leaf = chain.get(0);
        leaf.verify(chain.get(1).getPublicKey());
        assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(key.getPublic().getEncoded());
        byte[] keyBits = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded()).getPublicKeyData().getBytes();
        assertThat(ASN1OctetString.getInstance(leaf.getExtensionValue("2.5.29.14")).getOctets())
                .isEqualTo(new SubjectKeyIdentifier(MessageDigest.getInstance("SHA-1").digest(keyBits)).getEncoded());
        assertOneVerifyingSct(leaf, chain.get(1));
    }

    static Stream<Arguments> subjectKeys() throws Exception {
        return Stream.of(
                Arguments.of("ECDSA P-384", SigningRequests.keyPair("EC", new ECGenParameterSpec("secp384r1")), "SHA384withECDSA"),
                Arguments.of("ECDSA P-521", SigningRequests.keyPair("EC", new ECGenParameterSpec("secp521r1")), "SHA512withECDSA"),
                Arguments.of("RSA 2048", SigningRequests.keyPair("RSA", new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4)), "SHA256withRSA"),
                Arguments.of("RSA 4096", SigningRequests.keyPair("RSA", new RSAKeyGenParameterSpec(4096, RSAKeyGenParameterSpec.F4)), "SHA256withRSA"),
                Arguments.of("Ed25519", KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519"));
    }

    /**
     * The legacy v1 endpoint, which cosign 2.x calls, on the same CT path: 201 with the PEM chain, the SCT embedded
     * in the leaf, and no {@code SCT} header (Fulcio sends that header only for a detached SCT).
     */
    @Test
    void legacySigningCertWhenCtEnabledThenLeafCarriesTheSctAndNoSctHeaderIsSent() throws Exception {
        KeyPair key = SigningRequests.p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String body = JSONObjectUtils.toJSONString(Map.of(
                "publicKey", Map.of("algorithm", "ecdsa", "content", Base64.getEncoder().encodeToString(
                        PublicKeys.toPem(key.getPublic()).getBytes(StandardCharsets.US_ASCII))),
                "signedEmailAddress", SigningRequests.sign(key, "alice@example.com")));
        HttpResponse<String> r = post("/api/v1/signingCert", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pem-certificate-chain");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.equalsIgnoreCase("SCT"));
        List<X509Certificate> chain = Certificates.parsePemChain(r.body());
        assertThat(chain).hasSize(3);
        assertThat(chain.get(0).getPublicKey().getEncoded()).isEqualTo(key.getPublic().getEncoded());
        assertOneVerifyingSct(chain.get(0), chain.get(1));
    }

    /** Exactly one SCT in the leaf, signed by the key tlog-service published, over the leaf's precertificate entry. */
    static void assertOneVerifyingSct(X509Certificate leaf, X509Certificate issuer) throws Exception {
        PublicKey ctKey = PublicKeys.parsePem(Files.readString(tlogData.resolve("ct-key.pub.pem"), StandardCharsets.US_ASCII));
        List<SignedCertificateTimestamp> scts = SctList.fromCertificate(leaf);
        assertThat(scts).hasSize(1);
        scts.get(0).verify(ctKey, Precertificates.fromFinalCertificate(leaf, issuer.getPublicKey()));
    }

    HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (path.startsWith("/api/v1/")) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    Map<String, Object> getJson(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + tlogPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return JSONObjectUtils.parse(r.body());
    }

    /** RFC 6962 §3.5: a DigitallySigned (sha256, ecdsa) over the tree head. */
    static void verifySthSignature(Map<String, Object> sth, PublicKey ctKey) throws Exception {
        ByteBuffer ds = ByteBuffer.wrap(unb64((String) sth.get("tree_head_signature")));
        assertThat(ds.get()).isEqualTo((byte) 4);
        assertThat(ds.get()).isEqualTo((byte) 3);
        byte[] signature = new byte[ds.getShort() & 0xffff];
        ds.get(signature);
        assertThat(ds.hasRemaining()).isFalse();
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(ctKey);
        v.update(SignedTreeHead.signedData(((Number) sth.get("timestamp")).longValue(),
                ((Number) sth.get("tree_size")).longValue(), Hash.of(unb64((String) sth.get("sha256_root_hash")))));
        assertThat(v.verify(signature)).as("STH signature").isTrue();
    }

    @SuppressWarnings("unchecked")
    static List<String> certificates(String responseBody) throws Exception {
        Map<String, Object> body = JSONObjectUtils.parse(responseBody);
        assertThat(body).containsOnlyKeys("signedCertificateEmbeddedSct");
        Map<String, Object> embedded = (Map<String, Object>) body.get("signedCertificateEmbeddedSct");
        return (List<String>) ((Map<String, Object>) embedded.get("chain")).get("certificates");
    }

    /** A v2 signing request as sigstore-js sends it: {@code key} (ECDSA) with a proof over alice@example.com. */
    static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
