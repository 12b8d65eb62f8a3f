package dev.keyless.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DevIssuerTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private String get(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    @Test
    void mintsTokensThatVerifyAgainstItsPublishedJwks() throws Exception {
        try (DevIssuer issuer = DevIssuer.start(0, dir, Clock.systemUTC())) {
            JsonNode discovery = JSON.readTree(get(issuer.url() + "/.well-known/openid-configuration"));
            assertThat(discovery.get("issuer").asString()).isEqualTo(issuer.url());
            JsonNode key = JSON.readTree(get(discovery.get("jwks_uri").asString())).get("keys").get(0);
            Base64.Decoder b64 = Base64.getUrlDecoder();
            PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                    new BigInteger(1, b64.decode(key.get("n").asString())), new BigInteger(1, b64.decode(key.get("e").asString()))));

            String token = get(issuer.url() + "/token?email=alice%40example.com").trim();
            String[] parts = token.split("\\.");
            assertThat(parts).hasSize(3);
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(pub);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            assertThat(rs256.verify(b64.decode(parts[2]))).isTrue();
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            assertThat(claims.get("iss").asString()).isEqualTo(issuer.url());
            assertThat(claims.get("email").asString()).isEqualTo("alice@example.com");
            assertThat(claims.get("sub").asString()).isEqualTo("alice@example.com");
            assertThat(claims.get("email_verified").asBoolean()).isTrue();
            assertThat(claims.get("aud").asString()).isEqualTo("sigstore");
            assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(600);
        }
    }

    @Test
    void keepsItsKeyAndRefusesNonAddresses() throws Exception {
        String firstJwks;
        try (DevIssuer issuer = DevIssuer.start(0, dir, Clock.systemUTC())) {
            firstJwks = get(issuer.url() + "/jwks");
            HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(issuer.url() + "/token?email=not-an-address")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
        }
        try (DevIssuer again = DevIssuer.start(0, dir, Clock.systemUTC())) {
            assertThat(get(again.url() + "/jwks")).isEqualTo(firstJwks);
        }
    }

    @Test
    void namesItselfByTheConfiguredIssuerUrl() throws Exception {
        try (DevIssuer issuer = DevIssuer.start(InetAddress.getLoopbackAddress(), 0, "http://dev-issuer:8088", dir,
                Clock.systemUTC())) {
            String local = "http://127.0.0.1:" + issuer.port();
            JsonNode discovery = JSON.readTree(get(local + "/.well-known/openid-configuration"));
            assertThat(discovery.get("issuer").asString()).isEqualTo("http://dev-issuer:8088");
            assertThat(discovery.get("jwks_uri").asString()).isEqualTo("http://dev-issuer:8088/jwks");
            String token = get(local + "/token?email=alice%40example.com").trim();
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
            assertThat(claims.get("iss").asString()).isEqualTo("http://dev-issuer:8088");
        }
    }
}
