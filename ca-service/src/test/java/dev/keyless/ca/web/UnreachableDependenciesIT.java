package dev.keyless.ca.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.errors.ErrorCatalogue;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import dev.keyless.testing.Ports;
import dev.keyless.testing.TempDirs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Over HTTP, with the CT log and one identity provider down (nothing listens on their ports): a request that needs
 * either is answered 503 with code 14 and the fixed message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableDependenciesIT {
    static final TestOidcProvider IDP = new TestOidcProvider();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final int DEAD_LOG = Ports.unused();
    static final int DEAD_IDP = Ports.unused();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) throws IOException {
        r.add("keyless.ca.tls.enabled", () -> "false");
        r.add("keyless.ca.data-dir", () -> tempDir());
        r.add("keyless.ca.issuers[0].url", () -> IDP.issuer("/email"));
        r.add("keyless.ca.issuers[0].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[0].type", () -> "email");
        r.add("keyless.ca.issuers[1].url", () -> "http://127.0.0.1:" + DEAD_IDP + "/down");
        r.add("keyless.ca.issuers[1].client-id", () -> "sigstore");
        r.add("keyless.ca.issuers[1].type", () -> "email");
        r.add("keyless.ca.ct.enabled", () -> "true");
        r.add("keyless.ca.ct.url", () -> "http://127.0.0.1:" + DEAD_LOG);
        r.add("keyless.ca.ct.connect-timeout", () -> "1s");
    }

    @AfterAll
    static void stop() {
        IDP.close();
    }

    @Test
    void aDownCtLogIs503WithCode14() throws Exception {
        KeyPair key = SigningCertificateApiIT.p256();
        String token = IDP.mint(TestClaims.email(IDP.issuer("/email"), Instant.now()));
        HttpResponse<String> r = post(SigningCertificateApiIT.keyRequest(key, "alice@example.com", token));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.body()).isEqualTo("{\"code\":14,\"message\":\"" + ErrorCatalogue.CT_MESSAGE + "\",\"details\":[]}");
    }

    @Test
    void aDownIdentityProviderIs503WithCode14() throws Exception {
        KeyPair key = SigningCertificateApiIT.p256();
        // Signed by a key the dead issuer would never be asked about: discovery fails first.
        Map<String, Object> claims = TestClaims.email("http://127.0.0.1:" + DEAD_IDP + "/down", Instant.now());
        HttpResponse<String> r = post(SigningCertificateApiIT.keyRequest(key, "alice@example.com", IDP.mint(claims)));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).contains("1");
        assertThat(r.body()).isEqualTo("{\"code\":14,\"message\":\"" + ErrorCatalogue.UNAVAILABLE_MESSAGE + "\",\"details\":[]}");
    }

    HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v2/signingCert"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static String tempDir() {
        return TempDirs.directory("ca-unreachable-it").toString();
    }
}
