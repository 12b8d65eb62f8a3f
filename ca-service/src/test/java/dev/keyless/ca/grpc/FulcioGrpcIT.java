package dev.keyless.ca.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyless.ca.admission.RequestSlots;
import dev.keyless.ca.grpc.fulcio.v2.CAGrpc;
import dev.keyless.ca.grpc.fulcio.v2.Configuration;
import dev.keyless.ca.grpc.fulcio.v2.CreateSigningCertificateRequest;
import dev.keyless.ca.grpc.fulcio.v2.Credentials;
import dev.keyless.ca.grpc.fulcio.v2.GetConfigurationRequest;
import dev.keyless.ca.grpc.fulcio.v2.GetTrustBundleRequest;
import dev.keyless.ca.grpc.fulcio.v2.OIDCIssuer;
import dev.keyless.ca.grpc.fulcio.v2.PublicKey;
import dev.keyless.ca.grpc.fulcio.v2.PublicKeyAlgorithm;
import dev.keyless.ca.grpc.fulcio.v2.PublicKeyRequest;
import dev.keyless.ca.grpc.fulcio.v2.SigningCertificate;
import dev.keyless.ca.grpc.fulcio.v2.TrustBundle;
import dev.keyless.ca.testing.JvmTrustStore;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestIssuers;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.ca.tls.DevelopmentServerCertificate;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Pem;
import dev.keyless.testing.TempDirs;
import dev.sigstore.fulcio.client.CertificateRequest;
import dev.sigstore.fulcio.client.FulcioClientGrpc;
import dev.sigstore.trustroot.Service;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
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
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http2.Http2Protocol;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * gRPC and REST on one TLS port: the application with its defaults (TLS with the generated development certificate,
 * HTTP/2) on a random port, a development CA and a real OIDC provider on localhost. The signing call is made by the
 * unmodified sigstore-java 2.0.0 {@link FulcioClientGrpc}, built as {@code KeylessSigner} builds it (default
 * {@code HttpParams}, so TLS, trusting the server through the JVM trust store); the error and read-only calls use
 * the stubs generated from our fulcio.proto.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FulcioGrpcIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final Path DATA;
    static final JvmTrustStore TRUST = new JvmTrustStore();

    static {
        DATA = TempDirs.directory("ca-grpc-it");
    }

    @LocalServerPort
    int port;
    @Autowired
    RequestSlots slots;
    ManagedChannel channel;
    CAGrpc.CABlockingStub stub;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("keyless.ca.data-dir", DATA::toString);
        r.add("keyless.ca.ct.enabled", () -> "false"); // no CT log here: the detached answer is asserted
        r.add("keyless.ca.tls.host-names[0]", () -> "ca.keyless.test");
        r.add("keyless.ca.max-request-bytes", () -> "98304");
        TestIssuers.register(r, IDP);
    }

    static Path serverCertificate() {
        return DevelopmentServerCertificate.directory(DATA).resolve(DevelopmentServerCertificate.CERTIFICATE_FILE);
    }

    static KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("keyless-ca-server", Certificates.parsePem(Files.readString(serverCertificate())));
        return store;
    }

    /** The JVM trust store is how KeylessSigner's channel can be made to trust a server; restored after the class. */
    @BeforeEach
    void trustTheServerAndOpenAChannel() throws Exception {
        TRUST.trust(serverCertificate(), DATA);
        channel = Grpc.newChannelBuilderForAddress("localhost", port,
                TlsChannelCredentials.newBuilder().trustManager(serverCertificate().toFile()).build()).build();
        stub = CAGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void restore() {
        TRUST.restore();
        IDP.close();
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static byte[] sign(KeyPair pair, String message) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return s.sign();
    }

    List<X509Certificate> grpcTrustBundle() {
        TrustBundle bundle = stub.getTrustBundle(GetTrustBundleRequest.getDefaultInstance());
        assertThat(bundle.getChainsCount()).isEqualTo(1);
        return bundle.getChains(0).getCertificatesList().stream().map(Certificates::parsePem).toList();
    }

    /** PKIX from the leaf to the last certificate of the trust bundle; the chain's tail is the bundle, byte for byte. */
    void assertVerifiesToTheDevRoot(List<X509Certificate> chain) throws Exception {
        List<X509Certificate> bundle = grpcTrustBundle();
        assertThat(chain.subList(1, chain.size())).isEqualTo(bundle);
        X509Certificate root = bundle.get(bundle.size() - 1);
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1)), params);
    }

    /**
     * CT is off here, so the answer is detached without SCT, as Fulcio's without a CT log, and sigstore-java refuses it
     * as it refuses Fulcio's. Its client getting an embedded-SCT chain over gRPC is {@code KeylessSignerIT}'s subject.
     */
    @Test
    void sigstoreJavaFulcioClientGrpcRefusesTheDetachedAnswerOfACaWithoutCtLog() throws Exception {
        KeyPair key = p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        // As KeylessSigner: Service from the signing config's CA URL, default HttpParams (TLS), PoP over `sub`.
        FulcioClientGrpc client = FulcioClientGrpc.builder()
                .setService(Service.of(URI.create("https://localhost:" + port), 1)).build();
        assertThatThrownBy(() -> client.signingCertificate(
                CertificateRequest.newCertificateRequest(key.getPublic(), token, sign(key, "user-123"))))
                .hasMessageContaining("Detached SCTs are not supported");
    }

    @Test
    void sigstoreJavaFulcioClientGrpcSeesUnauthenticatedForABadToken() throws Exception {
        KeyPair key = p256();
        String forged = TestOidcProvider.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()), IDP.unpublished,
                JWSAlgorithm.RS256);
        FulcioClientGrpc client = FulcioClientGrpc.builder()
                .setService(Service.of(URI.create("https://localhost:" + port), 1)).build();
        assertThatThrownBy(() -> client.signingCertificate(
                CertificateRequest.newCertificateRequest(key.getPublic(), forged, sign(key, "user-123"))))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                    assertThat(e.getStatus().getDescription()).isEqualTo("There was an error processing the identity token");
                });
    }

    CreateSigningCertificateRequest request(String token, KeyPair key, byte[] proof) {
        return CreateSigningCertificateRequest.newBuilder()
                .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token))
                .setPublicKeyRequest(PublicKeyRequest.newBuilder()
                        .setPublicKey(PublicKey.newBuilder().setAlgorithm(PublicKeyAlgorithm.ECDSA)
                                .setContent(PublicKeys.toPem(key.getPublic())))
                        .setProofOfPossession(ByteString.copyFrom(proof)))
                .build();
    }

    /** CT is off in this test: detached with no SCT, as Fulcio answers without a CT log (fulcio.md §1.2). */
    static List<X509Certificate> chainOf(SigningCertificate response) {
        assertThat(response.getCertificateCase()).isEqualTo(SigningCertificate.CertificateCase.SIGNED_CERTIFICATE_DETACHED_SCT);
        assertThat(response.getSignedCertificateDetachedSct().getSignedCertificateTimestamp().isEmpty()).isTrue();
        List<String> pems = response.getSignedCertificateDetachedSct().getChain().getCertificatesList();
        List<X509Certificate> chain = pems.stream().map(Certificates::parsePem).toList();
        for (int i = 0; i < pems.size(); i++) {
            assertThat(pems.get(i)).isEqualTo(Certificates.toPem(chain.get(i))); // the REST endpoint's PEM layout
        }
        return chain;
    }

    static void assertStatus(ThrowingCallable call, Status.Code code, String description) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    @Test
    void generatedStubCsrAndMetadataTokenAreAccepted() throws Exception {
        KeyPair key = p256();
        String csr = Pem.encode("CERTIFICATE REQUEST", new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded());
        String token = IDP.mint(TestClaims.github(IDP.issuer("/github"), Instant.now()));
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("oidcidentitytoken", Metadata.ASCII_STRING_MARSHALLER), token);
        SigningCertificate response = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCertificateSigningRequest(ByteString.copyFrom(csr, StandardCharsets.US_ASCII)).build());
        List<X509Certificate> chain = chainOf(response);
        assertThat(chain.get(0).getSubjectAlternativeNames()).containsExactly(
                List.of(6, "https://github.com/my-org/my-repo/.github/workflows/release.yml@refs/heads/main"));
        assertVerifiesToTheDevRoot(chain);
        assertEverySlotIsBack();
    }

    @Test
    void errorsAreFulciosStatusesWithFixedMessages() throws Exception {
        KeyPair key = p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String expired = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now().minusSeconds(3600)));

        assertStatus(() -> stub.createSigningCertificate(request(expired, key, new byte[] {1})),
                Status.Code.UNAUTHENTICATED, "There was an error processing the identity token");
        assertStatus(() -> stub.createSigningCertificate(request("not-a-jwt", key, new byte[] {1})),
                Status.Code.UNAUTHENTICATED, "There was an error processing the identity token");
        assertStatus(() -> stub.createSigningCertificate(request(token, key, sign(key, "someone-else"))),
                Status.Code.INVALID_ARGUMENT, "The signature supplied in the request could not be verified");
        assertStatus(() -> stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token)).build()),
                Status.Code.INVALID_ARGUMENT, "The public key supplied in the request could not be parsed");
        assertStatus(() -> stub.createSigningCertificate(CreateSigningCertificateRequest.newBuilder()
                        .setCredentials(Credentials.newBuilder().setOidcIdentityToken(token))
                        .setCertificateSigningRequest(ByteString.copyFromUtf8("x")).build()),
                Status.Code.INVALID_ARGUMENT, "The certificate signing request could not be parsed");

        Map<String, Object> claims = TestClaims.github(IDP.issuer("/github"), Instant.now());
        claims.put("repository_owner", "someone-else");
        assertStatus(() -> stub.createSigningCertificate(request(IDP.mint(claims), key, sign(key, (String) claims.get("sub")))),
                Status.Code.PERMISSION_DENIED, "The identity is not allowed a certificate by policy rule: only-my-org");
        assertEverySlotIsBack();
    }

    /** Calls that failed, like calls that succeeded, give their request slot back once they complete. */
    void assertEverySlotIsBack() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (slots.inUse() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10); // the listener hears onComplete just after the client has its answer
        }
        assertThat(slots.inUse()).isZero();
    }

    @Test
    void trustBundleAndConfigurationAnswer() {
        List<X509Certificate> bundle = grpcTrustBundle();
        assertThat(bundle).hasSize(2);
        assertThat(bundle.get(1).getSubjectX500Principal().getName()).contains("keyless development root");

        Configuration configuration = stub.getConfiguration(GetConfigurationRequest.getDefaultInstance());
        assertThat(configuration.getIssuersList()).hasSize(3);
        OIDCIssuer email = configuration.getIssuers(0);
        assertThat(email.getIssuerUrl()).isEqualTo(IDP.issuer("/email"));
        assertThat(email.getAudience()).isEqualTo("sigstore");
        assertThat(email.getChallengeClaim()).isEqualTo("email");
        assertThat(email.getIssuerType()).isEqualTo("email");
        OIDCIssuer k8s = configuration.getIssuers(2);
        assertThat(k8s.getIssuerCase()).isEqualTo(OIDCIssuer.IssuerCase.WILDCARD_ISSUER_URL);
        assertThat(k8s.getWildcardIssuerUrl()).isEqualTo(IDP.issuer("/tenant/*"));
        assertThat(k8s.getChallengeClaim()).isEqualTo("sub");
    }

    HttpClient https(HttpClient.Version version) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(context).version(version).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void restOverHttpsOnTheSamePortWithHttp11AndH2() throws Exception {
        for (HttpClient.Version version : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
            HttpClient client = https(version);
            HttpResponse<String> bundle = client.send(HttpRequest.newBuilder(
                    URI.create("https://localhost:" + port + "/api/v2/trustBundle")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bundle.statusCode()).isEqualTo(200);
            assertThat(bundle.version()).isEqualTo(version);
            List<Map<String, Object>> chains = (List<Map<String, Object>>) JSONObjectUtils.parse(bundle.body()).get("chains");
            assertThat(((List<String>) chains.get(0).get("certificates")).stream().map(Certificates::parsePem).toList())
                    .isEqualTo(grpcTrustBundle());

            KeyPair key = p256();
            String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
            String body = JSONObjectUtils.toJSONString(Map.of(
                    "credentials", Map.of("oidcIdentityToken", token),
                    "publicKeyRequest", Map.of(
                            "publicKey", Map.of("algorithm", "ECDSA", "content", PublicKeys.toPem(key.getPublic())),
                            "proofOfPossession", Base64.getEncoder().encodeToString(sign(key, "alice@example.com")))));
            HttpResponse<String> issued = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v2/signingCert"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
            assertThat(issued.version()).isEqualTo(version);

            HttpResponse<String> tooLarge = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v2/signingCert"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(150_000) + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(tooLarge.statusCode()).isEqualTo(413);
            assertThat(tooLarge.body()).contains("The request body is too large");
        }
    }

    /**
     * The HTTP/2 connector the server runs with tolerates Go's cancelled 404s (Http2Configuration): Spring Boot adds
     * the HTTP/2 protocol to the connector itself, so this checks that the customizer came after it.
     */
    @Test
    void theRunningHttp2ConnectorToleratesCancelledAnswers(@Autowired ServletWebServerApplicationContext context) {
        Connector connector = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector();
        assertThat(connector.findUpgradeProtocols()).singleElement().isInstanceOfSatisfying(Http2Protocol.class,
                h2 -> assertThat(h2.getOverheadResetFactor()).isEqualTo(25));
    }

    @Test
    void theDevelopmentCertificateNamesTheConfiguredHosts() throws Exception {
        X509Certificate certificate = Certificates.parsePem(Files.readString(serverCertificate()));
        assertThat(certificate.getSubjectAlternativeNames()).extracting(san -> (Object) san.get(1))
                .contains("localhost", "127.0.0.1", "ca.keyless.test");
        assertThat(certificate.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }
}
