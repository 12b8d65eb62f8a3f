package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.TlogIntegrationTest;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Every kind of bad submission gets a 4xx in Rekor's error shape, and nothing is stored. */
class RekorRejectionIT extends TlogIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HashedRekords rekords = new HashedRekords();

    @Test
    void invalidSubmissionsAreRefusedAndChangeNothing() throws Exception {
        HashedRekords.Proposal good = rekords.next();
        HashedRekords.Proposal other = rekords.next();
        byte[] sig = StrictBase64.decode(good.signatureB64());
        sig[sig.length - 1] ^= 1;
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("not JSON", "{\"kind\":");
        cases.put("JSON array", "[]");
        cases.put("empty object", "{}");
        cases.put("unknown kind", good.json().replace("hashedrekord", "rekord"));
        cases.put("unknown version", good.json().replace("0.0.1", "0.0.2"));
        cases.put("unknown field", good.json().replace("\"spec\":{", "\"spec\":{\"extra\":1,"));
        cases.put("signature over another artifact", good.withSignature(other.signatureB64()).json());
        cases.put("one bit of the signature flipped", good.withSignature(StrictBase64.encode(sig)).json());
        cases.put("signature not base64", good.withSignature("%%%").json());
        cases.put("empty signature", good.withSignature("").json());
        cases.put("digest too short", good.withDigest(good.digestHex().substring(2)).json());
        cases.put("digest not hex", good.withDigest("zz" + good.digestHex().substring(2)).json());
        cases.put("sha512 name with sha256 digest", HashedRekords.Proposal.json("sha512", good.digestHex(), good.signatureB64(), good.publicKeyB64()));
        cases.put("unknown hash algorithm", HashedRekords.Proposal.json("md5", good.digestHex(), good.signatureB64(), good.publicKeyB64()));
        cases.put("public key not PEM", good.withPublicKey(StrictBase64.encode("hello".getBytes(StandardCharsets.US_ASCII))).json());
        cases.put("private key instead of public", good.withPublicKey(StrictBase64.encode(PrivateKeys.toPem(
                PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()).getPrivate()).getBytes(StandardCharsets.US_ASCII))).json());
        cases.put("P-256 key with sha512 digest (algorithm policy)", p256WithSha512());
        cases.put("RSA 1024 key (algorithm policy)", rsa(1024));
        cases.put("numbers where strings belong", good.json().replace("\"sha256\"", "256"));

        long before = treeSize();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = post("/api/v1/log/entries", c.getValue());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("code").asInt()).as(c.getKey()).isEqualTo(400);
            assertThat(body.get("message").asString()).as(c.getKey()).isNotBlank();
        }
        assertThat(treeSize()).as("no rejected request stores anything").isEqualTo(before);
        // The untouched proposal is accepted, so the rejections above were about the mutation.
        assertThat(post("/api/v1/log/entries", good.json()).statusCode()).isEqualTo(201);
        assertThat(post("/api/v1/log/entries", rsa(2048)).statusCode()).isEqualTo(201);
    }

    @Test
    void algorithmPolicyMessageIsRekors() throws Exception {
        HttpResponse<String> r = post("/api/v1/log/entries", p256WithSha512());
        assertThat(JSON.readTree(r.body()).get("message").asString())
                .isEqualTo("error processing entry: entry algorithms are not allowed");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String big = "{\"pad\":\"" + "a".repeat(70_000) + "\"}";
        HttpResponse<String> declared = post("/api/v1/log/entries", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(declared.body()).get("message").asString()).isEqualTo("Request Entity Too Large. Limit set to 65536");
        // Chunked: no Content-Length, the limit applies while reading.
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/api/v1/log/entries")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build());
        assertThat(chunked.statusCode()).isEqualTo(413);
    }

    @Test
    void wrongMethodAndUnknownPathGetErrorBodies() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/v1/log/entries/" + "a".repeat(64)))
                .DELETE().build());
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(r.body()).get("code").asInt()).isEqualTo(405);
        assertThat(get("/api/v1/nothing").statusCode()).isEqualTo(404);
    }

    private String p256WithSha512() throws Exception {
        KeyPair pair = PrivateKeys.generateEc(EcCurve.P256, new SecureRandom());
        byte[] digest = MessageDigest.getInstance("SHA-512").digest("artifact".getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("NONEwithECDSA");
        s.initSign(pair.getPrivate());
        s.update(digest);
        return HashedRekords.Proposal.json("sha512", Hex.encode(digest), StrictBase64.encode(s.sign()),
                StrictBase64.encode(PublicKeys.toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII)));
    }

    private String rsa(int bits) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(bits);
        KeyPair pair = g.generateKeyPair();
        byte[] artifact = new byte[16];
        new SecureRandom().nextBytes(artifact);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update(artifact);
        return HashedRekords.Proposal.json("sha256", Hash.sha256(artifact).toHex(), StrictBase64.encode(s.sign()),
                StrictBase64.encode(PublicKeys.toPem(pair.getPublic()).getBytes(StandardCharsets.US_ASCII)));
    }

    private long treeSize() throws Exception {
        return JSON.readTree(get("/api/v1/log").body()).get("treeSize").asLong();
    }

}
