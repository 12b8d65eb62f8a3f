package dev.keyless.ca.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.testing.TempDirs;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The timestamp API over HTTP as the three clients call it: DER with a nonce (sigstore-java), DER without (sigstore-go),
 * JSON (sigstore-js); the chain; and the refusals, each a 4xx in the Sigstore timestamp authority's shape.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TimestampApiIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final byte[] DIGEST = HashAlgorithm.SHA256.digest("signature bytes".getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry r) {
        r.add("keyless.ca.tls.enabled", () -> "false");
        r.add("keyless.ca.data-dir", () -> TempDirs.directory("ca-timestamp-it").toString());
        r.add("keyless.ca.ct.enabled", () -> "false");
    }

    @Test
    void aDerRequestWithANonceGetsAGrantedTokenThatVerifiesWithTheServedChain() throws Exception {
        TimeStampRequestGenerator g = new TimeStampRequestGenerator();
        g.setCertReq(true);
        TimeStampRequest request = g.generate(TSPAlgorithms.SHA256, DIGEST, BigInteger.valueOf(1234567));
        HttpResponse<byte[]> r = post("application/timestamp-query", request.getEncoded());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/timestamp-reply");
        TimeStampResponse response = new TimeStampResponse(r.body());
        response.validate(request);
        List<X509Certificate> chain = chain();
        response.getTimeStampToken().validate(new JcaSimpleSignerInfoVerifierBuilder().build(chain.get(0)));

        HttpResponse<byte[]> withoutNonce = post("application/timestamp-query",
                new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA256, DIGEST).getEncoded());
        assertThat(withoutNonce.statusCode()).isEqualTo(200);
    }

    @Test
    void theJsonFormGetsATokenOverTheGivenDigest() throws Exception {
        String json = "{\"artifactHash\":\"" + Base64.getEncoder().encodeToString(DIGEST) + "\",\"hashAlgorithm\":\"sha256\"}";
        HttpResponse<byte[]> r = post("application/json", json.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        TimeStampResponse response = new TimeStampResponse(r.body());
        assertThat(response.getTimeStampToken().getTimeStampInfo().getMessageImprintDigest()).isEqualTo(DIGEST);
    }

    @Test
    void refusalsAre4xxInTheTimestampAuthoritysShape() throws Exception {
        assertRefused(post("application/timestamp-query", "garbage".getBytes(StandardCharsets.UTF_8)), 400,
                "Error parsing request");
        assertRefused(post("application/json", "{\"artifactHash\":\"AAAA\",\"hashAlgorithm\":\"sha1\"}"
                .getBytes(StandardCharsets.UTF_8)), 400, "Weak hash algorithm in request: use SHA-256, SHA-384 or SHA-512");
        assertRefused(post("application/json", ("{\"artifactHash\":\"" + "A".repeat(2000) + "\"}")
                .getBytes(StandardCharsets.UTF_8)), 413, "The request is too large");
        assertRefused(post("text/plain", new byte[] {1}), 415,
                "Content-Type must be application/timestamp-query or application/json");
        assertRefused(post("application/json, application/timestamp-query", new byte[] {1}), 415,
                "Content-Type must be application/timestamp-query or application/json");
    }

    private void assertRefused(HttpResponse<byte[]> r, int status, String message) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":" + status + ",\"message\":\"" + message + "\"}");
    }

    @Test
    void theChainIsTheTsaCertificateThenItsRoot() throws Exception {
        List<X509Certificate> chain = chain();
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
    }

    private List<X509Certificate> chain() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(url("/api/v1/timestamp/certchain")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("application/pem-certificate-chain");
        return Certificates.parsePemChain(r.body());
    }

    private HttpResponse<byte[]> post(String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url("/api/v1/timestamp")).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
