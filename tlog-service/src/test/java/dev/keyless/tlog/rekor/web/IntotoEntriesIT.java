package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.TlogIntegrationTest;
import dev.keyless.tlog.rekor.web.DsseEntries.Envelope;
import dev.keyless.tlog.rekor.web.DsseEntries.Sig;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** intoto 0.0.2 over HTTP: accepted and verifiable, deduplicated, searchable, and rejections store nothing. */
class IntotoEntriesIT extends TlogIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DsseEntries entries = new DsseEntries();
    private PublicKey logKey;

    @BeforeEach
    void fetchLogKey() {
        logKey = PublicKeys.parsePem(get("/api/v1/log/publicKey").body());
    }

    @Test
    void intotoEntryIsAcceptedVerifiableDeduplicatedAndSearchable() throws Exception {
        Envelope env = entries.next();
        String key = DsseEntries.b64(entries.publicKeyPem);
        String hash = DsseEntries.randomHex32();
        HttpResponse<String> r = post("/api/v1/log/entries", env.intoto(hash, key));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        VerifiedEntry e = VerifiedEntry.verify(r.body(), logKey, "localhost");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + e.uuid());
        assertThat(new String(e.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"apiVersion\":\"0.0.2\",\"kind\":\"intoto\",\"spec\":{\"content\":{\"envelope\":{\"payloadType\":\""
                + DsseEntries.IN_TOTO + "\",\"signatures\":[{\"publicKey\":\"" + key + "\",\"sig\":\""
                + DsseEntries.b64(env.sigs().get(0).sig()) + "\"}]},\"hash\":{\"algorithm\":\"sha256\",\"value\":\"" + hash
                + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + env.payloadSha256() + "\"}}}}");

        long size = treeSize();
        HttpResponse<String> dup = post("/api/v1/log/entries", env.intoto(hash, key));
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(dup.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + e.uuid());
        assertThat(treeSize()).isEqualTo(size);

        HttpResponse<String> found = post("/api/v1/index/retrieve", "{\"hash\":\"sha256:" + env.payloadSha256() + "\"}");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).valueStream().map(JsonNode::asString).toList()).containsExactly(e.uuid());
    }

    @Test
    void rejectedIntotoEntriesStoreNothing() throws Exception {
        Envelope env = entries.next();
        String key = DsseEntries.b64(entries.publicKeyPem);
        String hash = DsseEntries.randomHex32();
        EcdsaSigner other = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
        byte[] flipped = StrictBase64.decode(env.sigs().get(0).sig());
        flipped[0] ^= 1;
        String good = env.intoto(hash, key);
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("bad signature", env.withSigs(List.of(new Sig("", StrictBase64.encode(flipped)))).intoto(hash, key));
        cases.put("publicKey of another key", env.intoto(hash, DsseEntries.pemB64(other)));
        cases.put("payload single base64", good.replace(DsseEntries.b64(env.payloadB64()), env.payloadB64()));
        cases.put("bad base64 publicKey", env.intoto(hash, "%%%"));
        cases.put("wrong payloadHash", good.replace(env.payloadSha256(), DsseEntries.randomHex32()));
        cases.put("no signatures", env.withSigs(List.of()).intoto(hash));
        cases.put("unknown version", good.replace("\"0.0.2\"", "\"0.0.1\""));
        long before = treeSize();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = post("/api/v1/log/entries", c.getValue());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("code").asInt()).as(c.getKey()).isEqualTo(400);
            assertThat(body.get("message").asString()).as(c.getKey()).isNotBlank();
        }
        assertThat(treeSize()).as("no rejected request stores anything").isEqualTo(before);
        assertThat(post("/api/v1/log/entries", good).statusCode()).isEqualTo(201);
    }

    private long treeSize() throws Exception {
        return JSON.readTree(get("/api/v1/log").body()).get("treeSize").asLong();
    }
}
