package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.tlog.TlogIntegrationTest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Locale;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** {@code /api/v1/log/entries}: create, duplicates, reads, and the exact shapes clients verify. */
class RekorEntriesIT extends TlogIntegrationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HashedRekords rekords = new HashedRekords();
    private PublicKey logKey;
    @Autowired
    private JdbcTemplate jdbc;

    @BeforeEach
    void fetchLogKey() {
        HttpResponse<String> r = get("/api/v1/log/publicKey");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/x-pem-file"));
        logKey = PublicKeys.parsePem(r.body());
    }

    @Test
    void theSetIsStoredWithTheEntryAndReadsServeIt() throws Exception {
        HttpResponse<String> created = post("/api/v1/log/entries", rekords.next().json());
        assertThat(created.statusCode()).isEqualTo(201);
        VerifiedEntry e = VerifiedEntry.verify(created.body(), logKey, "localhost");
        String set = JSON.readTree(created.body()).get(e.uuid()).get("verification").get("signedEntryTimestamp").asString();

        byte[] stored = jdbc.queryForObject("SELECT extra_data FROM entry WHERE leaf_hash = ?", byte[].class,
                Rfc6962.hashLeaf(e.body()).toByteArray());
        assertThat(StrictBase64.encode(stored)).isEqualTo(set);

        HttpResponse<String> read = get("/api/v1/log/entries?logIndex=" + e.logIndex());
        VerifiedEntry.verify(read.body(), logKey, "localhost");
        assertThat(JSON.readTree(read.body()).get(e.uuid()).get("verification").get("signedEntryTimestamp").asString())
                .isEqualTo(set);
    }

    @Test
    void createAnswers201WithLocationEtagProofAndCheckpoint() throws Exception {
        HashedRekords.Proposal p = rekords.next();
        HttpResponse<String> r = post("/api/v1/log/entries", p.json());
        assertThat(r.statusCode()).isEqualTo(201);
        VerifiedEntry e = VerifiedEntry.verify(r.body(), logKey, "localhost");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + e.uuid());
        // Exactly the body's key, unquoted: cosign (sigstore-go) reads the entry as body[ETag].
        assertThat(r.headers().firstValue("ETag")).hasValue(e.uuid());
        assertThat(e.logIndex()).as("index 0 is the genesis entry").isGreaterThan(0);
        assertThat(e.proofIndex()).isEqualTo(e.logIndex());
        assertThat(e.treeSize()).isGreaterThan(e.proofIndex());
        assertThat(e.integratedTime()).isCloseTo(System.currentTimeMillis() / 1000, Offset.offset(60L));

        // The body is the RFC 8785 canonical form with the key re-encoded as Go's PEM (rekor.md §2.2).
        String expected = "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\","
                + "\"value\":\"" + p.digestHex() + "\"}},\"signature\":{\"content\":\"" + p.signatureB64()
                + "\",\"publicKey\":{\"content\":\"" + p.publicKeyB64() + "\"}}}}";
        assertThat(new String(e.body(), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void keyFormattingDoesNotMakeANewEntry() throws Exception {
        HashedRekords.Proposal p = rekords.next();
        assertThat(post("/api/v1/log/entries", p.json()).statusCode()).isEqualTo(201);
        // The same key as CRLF PEM is re-encoded to the same canonical body: a duplicate.
        String crlf = rekords.publicKeyPem.replace("\n", "\r\n");
        HttpResponse<String> again = post("/api/v1/log/entries",
                p.withPublicKey(StrictBase64.encode(crlf.getBytes(StandardCharsets.US_ASCII))).json());
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    void duplicateAnswers409WithLocationOfTheExistingEntry() throws Exception {
        HashedRekords.Proposal p = rekords.next();
        VerifiedEntry first = VerifiedEntry.verify(post("/api/v1/log/entries", p.json()).body(), logKey, "localhost");
        long size = treeSize();
        HttpResponse<String> dup = post("/api/v1/log/entries", p.json());
        assertThat(dup.statusCode()).isEqualTo(409);
        assertThat(dup.headers().firstValue("Location")).hasValue("/api/v1/log/entries/" + first.uuid());
        JsonNode body = JSON.readTree(dup.body());
        assertThat(body.get("code").asInt()).isEqualTo(409);
        assertThat(body.get("message").asString())
                .isEqualTo("an equivalent entry already exists in the transparency log with UUID " + first.uuid());
        assertThat(treeSize()).isEqualTo(size);
        // What sigstore-js and cosign do next: fetch the entry at Location.
        HttpResponse<String> fetched = get(dup.headers().firstValue("Location").orElseThrow());
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(VerifiedEntry.verify(fetched.body(), logKey, "localhost").uuid()).isEqualTo(first.uuid());
    }

    @Test
    void entryIsReadableByUuidShortUuidAndIndex() throws Exception {
        VerifiedEntry e = VerifiedEntry.verify(post("/api/v1/log/entries", rekords.next().json()).body(), logKey, "localhost");
        for (String path : new String[] {"/api/v1/log/entries/" + e.uuid(), "/api/v1/log/entries/" + e.uuid().substring(16),
            "/api/v1/log/entries/" + e.uuid().toUpperCase(Locale.ROOT), "/api/v1/log/entries?logIndex=" + e.logIndex()}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            VerifiedEntry read = VerifiedEntry.verify(r.body(), logKey, "localhost");
            assertThat(read.uuid()).isEqualTo(e.uuid());
            assertThat(read.body()).isEqualTo(e.body());
            assertThat(read.integratedTime()).isEqualTo(e.integratedTime());
        }
    }

    @Test
    void missingEntriesAre404WithoutBody() {
        HttpResponse<String> byUuid = get("/api/v1/log/entries/" + "ab".repeat(32));
        assertThat(byUuid.statusCode()).isEqualTo(404);
        assertThat(byUuid.body()).isEmpty();
        assertThat(get("/api/v1/log/entries?logIndex=999999999").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/log/entries/" + "0000000000000001" + "ab".repeat(32)).statusCode()).isEqualTo(404);
    }

    @Test
    void malformedIdsAndIndexesAre400() throws Exception {
        for (String path : new String[] {"/api/v1/log/entries/xyz", "/api/v1/log/entries/" + "a".repeat(63),
            "/api/v1/log/entries?logIndex=-1", "/api/v1/log/entries?logIndex=abc"}) {
            HttpResponse<String> r = get(path);
            assertThat(r.statusCode()).as(path).isEqualTo(400);
            assertThat(JSON.readTree(r.body()).get("code").asInt()).isEqualTo(400);
        }
    }

    @Test
    void genesisEntryIsAVerifiableEntryByTheLogKey() throws Exception {
        HttpResponse<String> r = get("/api/v1/log/entries?logIndex=0");
        assertThat(r.statusCode()).isEqualTo(200);
        VerifiedEntry genesis = VerifiedEntry.verify(r.body(), logKey, "localhost");
        JsonNode body = JSON.readTree(genesis.body());
        String keyPem = new String(StrictBase64.decode(body.at("/spec/signature/publicKey/content").asString()), StandardCharsets.US_ASCII);
        assertThat(PublicKeys.parsePem(keyPem)).isEqualTo(logKey);
    }

    @Test
    void retrieveFindsByUuidIndexAndEntryAndBoundsTheRequest() throws Exception {
        HashedRekords.Proposal p = rekords.next();
        VerifiedEntry e = VerifiedEntry.verify(post("/api/v1/log/entries", p.json()).body(), logKey, "localhost");
        String q = "{\"entryUUIDs\":[\"" + e.uuid() + "\",\"" + "cd".repeat(32) + "\"],\"logIndexes\":[" + e.logIndex()
                + "],\"entries\":[" + p.json() + "]}";
        HttpResponse<String> r = post("/api/v1/log/entries/retrieve", q);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(r.body());
        assertThat(list.size()).as("misses are omitted").isEqualTo(3);
        for (JsonNode item : list) {
            assertThat(item.propertyNames()).containsExactly(e.uuid());
        }
        StringBuilder many = new StringBuilder("{\"logIndexes\":[0");
        for (int i = 1; i <= 10; i++) {
            many.append(',').append(i);
        }
        HttpResponse<String> tooMany = post("/api/v1/log/entries/retrieve", many.append("]}").toString());
        assertThat(tooMany.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(tooMany.body()).get("message").asString()).isEqualTo("more than max allowed 10 entries in request");
    }

    private long treeSize() throws Exception {
        return JSON.readTree(get("/api/v1/log").body()).get("treeSize").asLong();
    }
}
