package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteVerifiers;
import dev.keyless.common.note.SignedNote;
import dev.keyless.tlog.TlogIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v1/log}, {@code /api/v1/log/proof} and {@code /api/v1/index/retrieve}. */
class RekorLogIT extends TlogIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HashedRekords rekords = new HashedRekords();

    @Test
    void logInfoCarriesASignedCheckpointOfTheTree() throws Exception {
        post("/api/v1/log/entries", rekords.next().json());
        JsonNode info = JSON.readTree(get("/api/v1/log").body());
        PublicKey key = PublicKeys.parsePem(get("/api/v1/log/publicKey").body());
        SignedNote note = SignedNote.parse(info.get("signedTreeHead").asString());
        note.verify(List.of(NoteVerifiers.ecdsa("localhost", key)));
        Checkpoint cp = Checkpoint.fromNoteText(note.text());
        assertThat(cp.size()).isEqualTo(info.get("treeSize").asLong());
        assertThat(cp.rootHash().toHex()).isEqualTo(info.get("rootHash").asString());
        assertThat(cp.origin()).isEqualTo("localhost - " + info.get("treeID").asString());
        assertThat(info.get("inactiveShards").size()).isZero();
    }

    @Test
    void consistencyProofsLinkEveryEarlierCheckpoint() throws Exception {
        JsonNode before = JSON.readTree(get("/api/v1/log").body());
        for (int i = 0; i < 5; i++) {
            assertThat(post("/api/v1/log/entries", rekords.next().json()).statusCode()).isEqualTo(201);
        }
        JsonNode after = JSON.readTree(get("/api/v1/log").body());
        long size1 = before.get("treeSize").asLong();
        long size2 = after.get("treeSize").asLong();
        JsonNode proof = JSON.readTree(get("/api/v1/log/proof?firstSize=" + size1 + "&lastSize=" + size2).body());
        ProofVerifier.verifyConsistency(size1, size2,
                proof.get("hashes").valueStream().map(h -> Hash.fromHex(h.asString())).toList(),
                Hash.fromHex(before.get("rootHash").asString()), Hash.fromHex(after.get("rootHash").asString()));
    }

    @Test
    void proofRequestsOutOfRangeAre400WithRekorsMessages() throws Exception {
        long size = JSON.readTree(get("/api/v1/log").body()).get("treeSize").asLong();
        HttpResponse<String> r = get("/api/v1/log/proof?firstSize=1&lastSize=" + (size + 100));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).get("message").asString())
                .isEqualTo("the tree size requested(" + (size + 100) + ") was greater than what is currently observable(" + size + ")");
        HttpResponse<String> reversed = get("/api/v1/log/proof?firstSize=3&lastSize=2");
        assertThat(reversed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(reversed.body()).get("message").asString()).isEqualTo("firstSize(3) must be less than lastSize(2)");
        assertThat(get("/api/v1/log/proof?firstSize=1").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/log/proof?firstSize=1&lastSize=x").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/log/proof?firstSize=1&lastSize=1&treeID=42").statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/log/publicKey?treeID=42").statusCode()).isEqualTo(400);
    }

    @Test
    void indexSearchFindsByHashKeyAndOperator() throws Exception {
        HashedRekords mine = new HashedRekords();
        HashedRekords.Proposal a = mine.next();
        HashedRekords.Proposal b = mine.next();
        String uuidA = JSON.readTree(post("/api/v1/log/entries", a.json()).body()).propertyNames().iterator().next();
        String uuidB = JSON.readTree(post("/api/v1/log/entries", b.json()).body()).propertyNames().iterator().next();

        assertThat(search("{\"hash\":\"sha256:" + a.digestHex() + "\"}")).containsExactly(uuidA);
        assertThat(search("{\"hash\":\"" + a.digestHex().toUpperCase(java.util.Locale.ROOT) + "\"}")).containsExactly(uuidA);
        String key = "{\"format\":\"x509\",\"content\":\"" + a.publicKeyB64() + "\"}";
        assertThat(search("{\"publicKey\":" + key + "}")).containsExactlyInAnyOrder(uuidA, uuidB);
        assertThat(search("{\"publicKey\":" + key + ",\"hash\":\"" + b.digestHex() + "\",\"operator\":\"and\"}")).containsExactly(uuidB);
        assertThat(search("{\"hash\":\"sha256:" + "00".repeat(32) + "\"}")).isEmpty();
        assertThat(post("/api/v1/index/retrieve", "{}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/index/retrieve", "{\"email\":\"a\\u0000b@example.com\"}").statusCode())
                .as("a NUL, which PostgreSQL refuses in text").isEqualTo(400);
        assertThat(post("/api/v1/index/retrieve", "{\"hash\":\"nothex\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/index/retrieve", "{\"hash\":\"" + a.digestHex() + "\",\"operator\":\"xor\"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/v1/index/retrieve", "{\"publicKey\":{\"format\":\"pgp\",\"content\":\"AA==\"}}").statusCode()).isEqualTo(400);
    }

    @Test
    void byFingerprintFindsTheEntriesOfAPublicKeyByTheSha256OfItsDer() throws Exception {
        HashedRekords mine = new HashedRekords();
        HashedRekords.Proposal a = mine.next();
        String uuid = JSON.readTree(post("/api/v1/log/entries", a.json()).body()).propertyNames().iterator().next();
        String pem = new String(Base64.getDecoder().decode(a.publicKeyB64()), StandardCharsets.US_ASCII);
        String fingerprint = Hash.sha256(PublicKeys.parsePem(pem).getEncoded()).toHex();
        HttpResponse<String> found = get("/api/console/v1/rekor/fingerprint?sha256=" + fingerprint.toUpperCase(Locale.ROOT));
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(found.body()).get(0).asString()).isEqualTo(uuid);
        assertThat(JSON.readTree(get("/api/console/v1/rekor/fingerprint?sha256=" + "00".repeat(32)).body())).isEmpty();
        for (String bad : List.of("abc", "zz".repeat(32), "00".repeat(33))) {
            HttpResponse<String> r = get("/api/console/v1/rekor/fingerprint?sha256=" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("\"message\":\"sha256 must be 64 hex digits\"");
        }
        assertThat(get("/api/console/v1/rekor/fingerprint").statusCode()).isEqualTo(400);
    }

    @Test
    void prometheusCountsEntriesAndTimesProofs() throws Exception {
        assertThat(post("/api/v1/log/entries", rekords.next().json()).statusCode()).isEqualTo(201);
        HttpResponse<String> r = get("/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).containsPattern("keyless_tlog_entries_total\\{kind=\"hashedrekord\",outcome=\"appended\"[^}]*\\} [1-9]")
                .contains("keyless_tlog_proof_duration_seconds_count{proof=\"inclusion\"")
                .contains("keyless_tlog_sequencer_batch_size_count");
    }

    @Test
    void readinessIncludesTheDatabase() throws Exception {
        HttpResponse<String> r = get("/actuator/health/readiness");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"db\":{\"status\":\"UP\"");
    }

    private List<String> search(String query) throws Exception {
        HttpResponse<String> r = post("/api/v1/index/retrieve", query);
        assertThat(r.statusCode()).as(query).isEqualTo(200);
        return JSON.readTree(r.body()).valueStream().map(JsonNode::asString).toList();
    }

}
