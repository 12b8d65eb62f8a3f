package dev.keyless.ca.web;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.keyless.ca.testing.AttackTokens;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestIssuers;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Pem;
import dev.keyless.common.x509.SigstoreExtensions;
import dev.keyless.testing.OpenApiDocument;
import dev.keyless.testing.TempDirs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * End to end over HTTP: the application on a random port with a development CA, configured against a real OIDC
 * provider on localhost; clients shaped like sigstore-js, sigstore-java's REST client, cosign v1 and a CSR user.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SigningCertificateApiIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final Path DATA;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    static {
        DATA = TempDirs.directory("ca-it");
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        // Plain HTTP, as behind a TLS-terminating proxy (REST only); TLS and gRPC are covered by FulcioGrpcIT.
        r.add("keyless.ca.tls.enabled", () -> "false");
        r.add("keyless.ca.ct.enabled", () -> "false"); // no CT log here: leaves without SCT
        r.add("keyless.ca.data-dir", DATA::toString);
        r.add("keyless.ca.max-request-bytes", () -> "98304");
        TestIssuers.register(r, IDP);
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    HttpResponse<String> post(String path, String body, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    static String sign(KeyPair pair, String message) throws Exception {
        Signature s = Signature.getInstance("SHA256withECDSA");
        s.initSign(pair.getPrivate());
        s.update(message.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(s.sign());
    }

    /** As Fulcio's gateway: the body is JSON whatever the Content-Type says, or if it says nothing. */
    @Test
    void theBodyIsReadAsJsonWhateverItsContentType() throws Exception {
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        for (String contentType : new String[] {"application/x-www-form-urlencoded", "text/plain", null}) {
            KeyPair key = p256();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/signingCert"))
                    .POST(HttpRequest.BodyPublishers.ofString(keyRequest(key, "alice@example.com", token)));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(String.valueOf(contentType)).isEqualTo(200);
            assertThat(certificates(r.body())).hasSize(3);
            HttpRequest.Builder v1 = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/signingCert"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(json(Map.of(
                            "publicKey", Map.of("algorithm", "ecdsa", "content", Base64.getEncoder().encodeToString(
                                    PublicKeys.toPem(key.getPublic()).getBytes(StandardCharsets.UTF_8))),
                            "signedEmailAddress", sign(key, "alice@example.com")))));
            if (contentType != null) {
                v1.header("Content-Type", contentType);
            }
            assertThat(HTTP.send(v1.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).as("v1 " + contentType).isEqualTo(201);
        }
    }

    /** A v2 request with a public key and its proof over {@code name}; the token in the body unless null. */
    static String keyRequest(KeyPair key, String name, String token) throws Exception {
        Map<String, Object> keyRequest = Map.of("publicKey", Map.of("content", PublicKeys.toPem(key.getPublic())),
                "proofOfPossession", sign(key, name));
        return json(token == null ? Map.of("publicKeyRequest", keyRequest)
                : Map.of("credentials", Map.of("oidcIdentityToken", token), "publicKeyRequest", keyRequest));
    }

    static String json(Object o) {
        return JSONObjectUtils.toJSONString((Map<String, ?>) o);
    }

    /**
     * The chain of a 200. CT is off in this test, so, as Fulcio answers without a CT log (fulcio.md §1.2), the
     * response is the detached member with an empty SCT, and no embedded member.
     */
    @SuppressWarnings("unchecked")
    static List<String> certificates(String responseBody) throws Exception {
        Map<String, Object> body = JSONObjectUtils.parse(responseBody);
        assertThat(body).containsOnlyKeys("signedCertificateDetachedSct");
        Map<String, Object> detached = (Map<String, Object>) body.get("signedCertificateDetachedSct");
        assertThat(detached).containsOnlyKeys("chain", "signedCertificateTimestamp").containsEntry("signedCertificateTimestamp", "");
        return (List<String>) ((Map<String, Object>) detached.get("chain")).get("certificates");
    }

    /** PKIX path validation from the leaf to the root of the trust bundle. */
    void assertVerifiesToRoot(List<X509Certificate> chain) throws Exception {
        X509Certificate root = chain.get(chain.size() - 1);
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(
                CertificateFactory.getInstance("X.509").generateCertPath(chain.subList(0, chain.size() - 1)), params);
        assertThat(chain.subList(1, chain.size())).isEqualTo(trustBundle());
    }

    @SuppressWarnings("unchecked")
    List<X509Certificate> trustBundle() throws Exception {
        HttpResponse<String> r = get("/api/v2/trustBundle");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> chains = (List<Map<String, Object>>) JSONObjectUtils.parse(r.body()).get("chains");
        assertThat(chains).hasSize(1);
        List<String> pems = (List<String>) chains.get(0).get("certificates");
        return pems.stream().map(Certificates::parsePem).toList();
    }

    @Test
    void sigstoreJsStyleRequestGetsAChainThatVerifiesToTheRoot() throws Exception {
        KeyPair key = p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String body = json(Map.of(
                "credentials", Map.of("oidcIdentityToken", token),
                "publicKeyRequest", Map.of(
                        "publicKey", Map.of("algorithm", "ECDSA", "content", PublicKeys.toPem(key.getPublic())),
                        "proofOfPossession", sign(key, "alice@example.com"))));
        HttpResponse<String> r = post("/api/v2/signingCert", body, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/json");
        List<String> pems = certificates(r.body());
        assertThat(pems).hasSize(3);
        List<X509Certificate> chain = pems.stream().map(Certificates::parsePem).toList();
        for (int i = 0; i < pems.size(); i++) {
            assertThat(pems.get(i)).isEqualTo(Certificates.toPem(chain.get(i))); // Go's pem.EncodeToMemory layout
        }
        assertVerifiesToRoot(chain);
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getPublicKey().getEncoded()).isEqualTo(key.getPublic().getEncoded());
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(1, "alice@example.com"));
        assertThat(SigstoreExtensions.parse(leaf).issuer()).isEqualTo(IDP.issuer("/email"));
        assertThat(r.body()).doesNotContain(token);
    }

    @Test
    void sigstoreJavaStyleRequestWithBearerSnakeCaseAndUnknownFields() throws Exception {
        KeyPair key = p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String oneLinePem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getEncoder().encodeToString(key.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
        String body = json(Map.of(
                "public_key_request", Map.of(
                        "public_key", Map.of("algorithm", "SOMETHING_NEW", "content", oneLinePem, "extra", 1),
                        "proof_of_possession", sign(key, "user-123")),
                "someFutureField", Map.of("x", true)));
        HttpResponse<String> r = post("/api/v2/signingCert", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertVerifiesToRoot(certificates(r.body()).stream().map(Certificates::parsePem).toList());
    }

    /** Fulcio's order: the body's token when it is not empty (camelCase or snake_case), else the Bearer header. */
    @Test
    void theBodysTokenWinsOverTheHeaderAndAnEmptyOneFallsBackToIt() throws Exception {
        String good = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        String forged = TestOidcProvider.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()), IDP.unpublished,
                JWSAlgorithm.RS256);
        KeyPair key = p256();
        assertThat(post("/api/v2/signingCert", keyRequest(key, "alice@example.com", good), forged).statusCode()).isEqualTo(200);
        assertThat(post("/api/v2/signingCert", keyRequest(key, "alice@example.com", forged), good).statusCode()).isEqualTo(401);
        assertThat(post("/api/v2/signingCert", keyRequest(key, "alice@example.com", ""), good).statusCode()).isEqualTo(200);
        String snake = json(Map.of("credentials", Map.of("oidc_identity_token", good), "public_key_request", Map.of(
                "public_key", Map.of("content", PublicKeys.toPem(key.getPublic())),
                "proof_of_possession", sign(key, "alice@example.com"))));
        assertThat(post("/api/v2/signingCert", snake, null).statusCode()).isEqualTo(200);
    }

    @Test
    void csrRequestForAGithubWorkflow() throws Exception {
        KeyPair key = p256();
        String csr = Pem.encode("CERTIFICATE REQUEST", new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=x"), key.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate())).getEncoded());
        String token = IDP.mint(TestClaims.github(IDP.issuer("/github"), Instant.now()));
        String body = json(Map.of("certificateSigningRequest", Base64.getEncoder().encodeToString(csr.getBytes(StandardCharsets.UTF_8))));
        HttpResponse<String> r = post("/api/v2/signingCert", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        X509Certificate leaf = Certificates.parsePem(certificates(r.body()).get(0));
        assertThat(leaf.getSubjectAlternativeNames()).containsExactly(
                List.of(6, "https://github.com/my-org/my-repo/.github/workflows/release.yml@refs/heads/main"));
        assertThat(SigstoreExtensions.parse(leaf).sourceRepositoryOwnerUri()).isEqualTo("https://github.com/my-org");
    }

    @Test
    void legacyV1ReturnsCreatedWithPemChain() throws Exception {
        KeyPair key = p256();
        String token = IDP.mint(TestClaims.kubernetes(IDP.issuer("/tenant/prod"), Instant.now()));
        String body = json(Map.of(
                "publicKey", Map.of("algorithm", "ecdsa",
                        "content", Base64.getEncoder().encodeToString(PublicKeys.toPem(key.getPublic()).getBytes(StandardCharsets.UTF_8))),
                "signedEmailAddress", sign(key, "system:serviceaccount:build:signer")));
        HttpResponse<String> r = post("/api/v1/signingCert", body, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/pem-certificate-chain");
        List<X509Certificate> chain = Certificates.parsePemChain(r.body());
        assertThat(chain).hasSize(3);
        assertVerifiesToRoot(chain);

        HttpResponse<String> roots = get("/api/v1/rootCert");
        assertThat(roots.statusCode()).isEqualTo(200);
        assertThat(Certificates.parsePemChain(roots.body())).isEqualTo(trustBundle());
        // Byte for byte as Fulcio writes them. The signing answer: trimmed PEMs joined by one newline. The roots: each
        // trust-bundle PEM (ending in a newline) and a newline, the whole trimmed.
        assertThat(r.body()).doesNotEndWith("\n").doesNotContain("\n\n").contains("-----END CERTIFICATE-----\n-----BEGIN");
        @SuppressWarnings("unchecked")
        List<String> bundle = (List<String>) ((List<Map<String, Object>>) JSONObjectUtils.parse(get("/api/v2/trustBundle").body())
                .get("chains")).get(0).get("certificates");
        assertThat(bundle).allMatch(pem -> pem.endsWith("-----END CERTIFICATE-----\n"));
        assertThat(roots.body()).isEqualTo((String.join("\n", bundle) + "\n").strip());
        assertThat(roots.body()).contains("-----END CERTIFICATE-----\n\n-----BEGIN").doesNotEndWith("\n");
    }

    @Autowired
    ServletWebServerApplicationContext context;

    /**
     * The shipped configuration serves requests on Tomcat's platform-thread pool, not on virtual threads
     * (docs/benchmarks.md: with issuance slots, more certificates/s and a far lower p99).
     */
    @Test
    void requestsRunOnTomcatsPlatformThreadPool() {
        TomcatWebServer tomcat = (TomcatWebServer) context.getWebServer();
        assertThat(tomcat.getTomcat().getConnector().getProtocolHandler().getExecutor())
                .isInstanceOf(ThreadPoolExecutor.class);
    }

    @Test
    @SuppressWarnings("unchecked")
    void configurationListsIssuers() throws Exception {
        HttpResponse<String> r = get("/api/v2/configuration");
        assertThat(r.statusCode()).isEqualTo(200);
        List<Map<String, Object>> issuers = (List<Map<String, Object>>) JSONObjectUtils.parse(r.body()).get("issuers");
        assertThat(issuers).hasSize(3);
        assertThat(issuers.get(0)).containsEntry("issuerUrl", IDP.issuer("/email")).containsEntry("audience", "sigstore")
                .containsEntry("challengeClaim", "email").containsEntry("issuerType", "email")
                .containsEntry("spiffeTrustDomain", "").containsEntry("subjectDomain", "")
                .containsEntry("skipEmailVerification", false).doesNotContainKey("wildcardIssuerUrl");
        assertThat(issuers.get(2)).containsEntry("wildcardIssuerUrl", IDP.issuer("/tenant/*"))
                .containsEntry("challengeClaim", "sub").doesNotContainKey("issuerUrl");
    }

    static Stream<AttackTokens.Attack> attacks() {
        return AttackTokens.all(IDP, Instant.now()).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attacks")
    void tokenAttacksGet401WithTheFixedMessage(AttackTokens.Attack attack) throws Exception {
        KeyPair key = p256();
        String body = json(Map.of(
                "credentials", Map.of("oidcIdentityToken", attack.token()),
                "publicKeyRequest", Map.of(
                        "publicKey", Map.of("algorithm", "ECDSA", "content", PublicKeys.toPem(key.getPublic())),
                        "proofOfPossession", sign(key, "alice@example.com"))));
        HttpResponse<String> r = post("/api/v2/signingCert", body, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).contains("Bearer");
        assertThat(r.body()).isEqualTo("{\"code\":16,\"message\":\"There was an error processing the identity token\",\"details\":[]}");
    }

    /**
     * Refused tokens, a refused proof, a policy refusal and a good request: the log says what failed, and no part of
     * any token (none of its base64 segments), no submitted key and no stack trace reaches it. Every log event of the
     * service during this test is captured, not only the console.
     */
    @Test
    void noTokenKeyOrStackTraceReachesTheLog() throws Exception {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events =
                new ch.qos.logback.core.read.ListAppender<>();
        events.list = Collections.synchronizedList(new ArrayList<>()); // request threads append
        events.start();
        root.addAppender(events);
        try {
            sendRefusalsAndOneGoodRequest(events);
        } finally {
            root.detachAppender(events);
        }
    }

    private void sendRefusalsAndOneGoodRequest(
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> events) throws Exception {
        List<String> secrets = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (AttackTokens.Attack attack : AttackTokens.all(IDP, Instant.now())) {
            KeyPair key = p256();
            keys.add(Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
            secrets.add(attack.token());
            assertThat(post("/api/v2/signingCert", keyRequest(key, "alice@example.com", attack.token()), null).statusCode())
                    .isEqualTo(401);
        }
        String good = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        secrets.add(good);
        KeyPair key = p256();
        keys.add(Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
        assertThat(post("/api/v2/signingCert", keyRequest(key, "someone-else@example.com", null), good).statusCode()).isEqualTo(400);
        assertThat(post("/api/v2/signingCert", keyRequest(key, "alice@example.com", null), good).statusCode()).isEqualTo(200);
        Map<String, Object> claims = TestClaims.github(IDP.issuer("/github"), Instant.now());
        claims.put("repository_owner", "someone-else");
        String refused = IDP.mint(claims);
        secrets.add(refused);
        assertThat(post("/api/v2/signingCert", keyRequest(key, (String) claims.get("sub"), null), refused).statusCode())
                .isEqualTo(403);

        List<ch.qos.logback.classic.spi.ILoggingEvent> logged;
        synchronized (events.list) {
            logged = List.copyOf(events.list);
        }
        assertThat(logged).as("no stack trace").allMatch(e -> e.getThrowableProxy() == null);
        String log = logged.stream().map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .collect(Collectors.joining("\n"));
        assertThat(log).as("the refusals are logged").contains("identity token refused").contains("policy rule");
        for (String token : secrets) {
            for (String segment : token.split("\\.")) {
                if (segment.length() >= 16) { // header segments of alg-none tokens etc. are short and shared
                    assertThat(log).doesNotContain(segment);
                }
            }
        }
        for (String k : keys) {
            assertThat(log).doesNotContain(k.substring(k.length() - 40));
        }
    }

    @Test
    void policyRefusalIs403NamingTheRule() throws Exception {
        Map<String, Object> claims = TestClaims.github(IDP.issuer("/github"), Instant.now());
        claims.put("repository_owner", "someone-else");
        KeyPair key = p256();
        String body = json(Map.of("publicKeyRequest", Map.of(
                "publicKey", Map.of("content", PublicKeys.toPem(key.getPublic())),
                "proofOfPossession", sign(key, (String) claims.get("sub")))));
        HttpResponse<String> r = post("/api/v2/signingCert", body, IDP.mint(claims));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.body()).isEqualTo("{\"code\":7,\"message\":\"The identity is not allowed a certificate by policy rule: "
                + "only-my-org\",\"details\":[]}");
    }

    @Test
    void badInputIs400WithFulciosMessages() throws Exception {
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        KeyPair key = p256();
        String wrongPop = json(Map.of("publicKeyRequest", Map.of(
                "publicKey", Map.of("content", PublicKeys.toPem(key.getPublic())), "proofOfPossession", sign(key, "bob@example.com"))));
        assertError(post("/api/v2/signingCert", wrongPop, token), 400, 3, "The signature supplied in the request could not be verified");
        assertError(post("/api/v2/signingCert", "{}", token), 400, 3, "The public key supplied in the request could not be parsed");
        String badKey = json(Map.of("publicKeyRequest", Map.of("publicKey", Map.of("content", "nope"), "proofOfPossession", "AAAA")));
        assertError(post("/api/v2/signingCert", badKey, token), 400, 3, "The public key supplied in the request could not be parsed");
        String badCsr = json(Map.of("certificateSigningRequest", Base64.getEncoder().encodeToString("x".getBytes(StandardCharsets.UTF_8))));
        assertError(post("/api/v2/signingCert", badCsr, token), 400, 3, "The certificate signing request could not be parsed");
        assertError(post("/api/v2/signingCert", "{not json", token), 400, 3, "The request body could not be parsed");
        // An empty body is an empty message, as to Fulcio's gateway: the token first, then the missing key.
        assertError(post("/api/v2/signingCert", "", token), 400, 3, "The public key supplied in the request could not be parsed");
        assertError(post("/api/v1/signingCert", "", token), 400, 3, "The public key supplied in the request could not be parsed");
        assertThat(post("/api/v2/signingCert", "", null).statusCode()).isEqualTo(401);
        // Fulcio's v1 handler checks for a key before the token.
        assertError(post("/api/v1/signingCert", "", null), 400, 3, "The public key supplied in the request could not be parsed");
        assertError(post("/api/v1/signingCert", "{}", "not-a-token"), 400, 3, "The public key supplied in the request could not be parsed");
        // Whitespace alone is the empty message and a top-level null is refused, as by Fulcio's gateway.
        assertError(post("/api/v2/signingCert", " \n\t\r ", token), 400, 3, "The public key supplied in the request could not be parsed");
        assertThat(post("/api/v2/signingCert", "  ", null).statusCode()).isEqualTo(401);
        assertError(post("/api/v1/signingCert", "\n", null), 400, 3, "The public key supplied in the request could not be parsed");
        assertError(post("/api/v2/signingCert", "null", token), 400, 3, "The request body could not be parsed");
        assertError(post("/api/v2/signingCert", " null\n", null), 400, 3, "The request body could not be parsed");
        assertError(post("/api/v1/signingCert", "null", token), 400, 3, "The request body could not be parsed");
        // A public key object is handed on as in Fulcio's legacy handler: the token is checked first, then the key.
        String v1KeyWithoutContent = "{\"publicKey\":{\"algorithm\":\"ecdsa\"},\"signedEmailAddress\":\"AAAA\"}";
        assertThat(post("/api/v1/signingCert", v1KeyWithoutContent, "not-a-token").statusCode()).isEqualTo(401);
        assertError(post("/api/v1/signingCert", v1KeyWithoutContent, token), 400, 3, "The public key supplied in the request could not be parsed");
        String v1BadKey = "{\"publicKey\":{\"content\":\"bm9wZQ==\"},\"signedEmailAddress\":\"AAAA\"}";
        assertThat(post("/api/v1/signingCert", v1BadKey, "not-a-token").statusCode()).isEqualTo(401);
        assertError(post("/api/v1/signingCert", v1BadKey, token), 400, 3, "The public key supplied in the request could not be parsed");
        assertError(post("/api/v2/signingCert", "{\"x\":\"" + "a".repeat(150_000) + "\"}", token), 413, 8, "The request body is too large");
    }

    private static void assertError(HttpResponse<String> r, int status, int code, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        Map<String, Object> body = JSONObjectUtils.parse(r.body());
        assertThat(body).containsEntry("code", (long) code).containsEntry("message", message).containsKey("details");
    }

    @Test
    void plainHttpServesNoGrpc() throws Exception {
        HttpResponse<String> r = post("/dev.sigstore.fulcio.v2.CA/GetTrustBundle", "", null);
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void healthIsUp() throws Exception {
        HttpResponse<String> r = get("/actuator/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("UP");
    }

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void theServedOpenApiDocumentDescribesEveryMappedOperation() throws Exception {
        HttpResponse<String> doc = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(doc.statusCode()).isEqualTo(200);
        assertThat(OpenApiDocument.operations(doc.body()))
                .isEqualTo(OpenApiDocument.mappedOperations(mappings));
    }

    @Test
    void withoutATransparencyLogConfiguredTheTrustFilesAre404() throws Exception {
        for (String file : new String[] {"/trusted_root.json", "/signing_config.json"}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + file)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.body()).contains("\"code\":5").contains("keyless.ca.trust-root.rekor-url");
        }
    }
}
