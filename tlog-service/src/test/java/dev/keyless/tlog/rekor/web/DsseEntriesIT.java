package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
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
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** dsse 0.0.1 over HTTP: accepted and verifiable, deduplicated, searchable, and rejections store nothing. */
class DsseEntriesIT extends TlogIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final DsseEntries entries = new DsseEntries();
    private PublicKey logKey;

    @BeforeEach
    void fetchLogKey() {
        logKey = PublicKeys.parsePem(get("/api/v1/log/publicKey").body());
    }

    @Test
    void dsseEntryIsAcceptedVerifiableDeduplicatedAndSearchable() throws Exception {
        Envelope env = entries.next();
        String key = DsseEntries.b64(entries.publicKeyPem);
        HttpResponse<String> r = post("/api/v1/log/entries", env.dsse(key));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        VerifiedEntry e = VerifiedEntry.verify(r.body(), logKey, "localhost");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + e.uuid());
        String envelopeHash = Hash.sha256(env.json().getBytes(StandardCharsets.UTF_8)).toHex();
        assertThat(new String(e.body(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"apiVersion\":\"0.0.1\",\"kind\":\"dsse\",\"spec\":{\"envelopeHash\":{\"algorithm\":\"sha256\",\"value\":\""
                + envelopeHash + "\"},\"payloadHash\":{\"algorithm\":\"sha256\",\"value\":\"" + env.payloadSha256()
                + "\"},\"signatures\":[{\"signature\":\"" + env.sigs().get(0).sig() + "\",\"verifier\":\"" + key + "\"}]}}");

        long size = treeSize();
        HttpResponse<String> dup = post("/api/v1/log/entries", env.dsse(DsseEntries.b64(entries.publicKeyPem.replace("\n", "\r\n"))));
        assertThat(dup.statusCode()).as("same envelope, verifier PEM reformatted").isEqualTo(409);
        assertThat(dup.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + e.uuid());
        assertThat(treeSize()).isEqualTo(size);

        for (String hash : new String[] {"sha256:" + env.payloadSha256(), env.payloadSha256().toUpperCase(Locale.ROOT),
            "sha256:" + envelopeHash}) {
            HttpResponse<String> found = post("/api/v1/index/retrieve", "{\"hash\":\"" + hash + "\"}");
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(found.body()).valueStream().map(JsonNode::asString).toList()).as(hash).containsExactly(e.uuid());
        }
        HttpResponse<String> retrieved = post("/api/v1/log/entries/retrieve", "{\"entries\":[" + env.dsse(key) + "]}");
        assertThat(JSON.readTree(retrieved.body()).get(0).propertyNames()).containsExactly(e.uuid());
    }

    @Test
    void rejectedDsseEntriesStoreNothing() throws Exception {
        Envelope env = entries.next();
        String key = DsseEntries.b64(entries.publicKeyPem);
        EcdsaSigner other = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
        byte[] flipped = StrictBase64.decode(env.sigs().get(0).sig());
        flipped[0] ^= 1;
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("bad signature", env.withSigs(List.of(new Sig("", StrictBase64.encode(flipped)))).dsse(key));
        cases.put("signer not among the verifiers", env.dsse(DsseEntries.pemB64(other)));
        cases.put("server-computed field", env.dsse(key).replace("\"spec\":{", "\"spec\":{\"payloadHash\":{},"));
        cases.put("bad base64 verifier", env.dsse("%%%"));
        cases.put("envelope not JSON", DsseEntries.dsseJson("\"nope\"", key));
        cases.put("empty verifiers", env.dsse());
        cases.put("unknown version", env.dsse(key).replace("\"0.0.1\"", "\"0.0.2\""));
        long before = treeSize();
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> r = post("/api/v1/log/entries", c.getValue());
            assertThat(r.statusCode()).as(c.getKey()).isEqualTo(400);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("code").asInt()).as(c.getKey()).isEqualTo(400);
            assertThat(body.get("message").asString()).as(c.getKey()).isNotBlank();
        }
        assertThat(treeSize()).as("no rejected request stores anything").isEqualTo(before);
        assertThat(post("/api/v1/log/entries", env.dsse(key)).statusCode()).isEqualTo(201);
    }

    private long treeSize() throws Exception {
        return JSON.readTree(get("/api/v1/log").body()).get("treeSize").asLong();
    }
}
