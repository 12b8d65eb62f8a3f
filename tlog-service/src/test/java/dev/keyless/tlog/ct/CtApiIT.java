package dev.keyless.tlog.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.testing.TempDirs;
import dev.keyless.testing.TestDatabase;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The RFC 6962 API over HTTP on a real PostgreSQL: the Fulcio precertificate flow end to end (fulcio.md §5.1),
 * proofs against signed tree heads, get-entries, and every refusal leaving the tree untouched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CtApiIT {
    static final TestPki PKI = new TestPki("ct-api-it");
    static final KeyPair CT_KEY = TestPki.key();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dir = TempDirs.directory("ct-api-it");
        Path roots = dir.resolve("roots.pem");
        Files.writeString(roots, Certificates.toPem(new TestPki("unrelated").root) + Certificates.toPem(PKI.root));
        Path key = dir.resolve("ct-test-key.pem");
        Files.writeString(key, PrivateKeys.toPem(CT_KEY.getPrivate()));
        // A database of its own: this service generates its own Rekor key, and a Rekor shard keeps its key.
        TestDatabase db = TestDatabase.createAnother();
        registry.add("spring.datasource.url", db::jdbcUrl);
        registry.add("spring.datasource.username", db::user);
        registry.add("spring.datasource.password", () -> db.password() == null ? "" : db.password());
        registry.add("keyless.tlog.data-dir", dir::toString);
        registry.add("keyless.tlog.ct.key", key::toString);
        registry.add("keyless.tlog.ct.roots[0]", roots::toString);
    }

    @Test
    void addPreChainWhenFulcioFlowThenSctVerifiesOnFinalCertificateAndEntryIsProvablyLogged() throws Exception {
        X509CertificateHolder precert = PKI.precert();
        Response r = post("add-pre-chain", chainJson(TestPki.der(precert), TestPki.der(PKI.intermediate)));
        assertThat(r.status).isEqualTo(200);

        SignedCertificateTimestamp sct = sct(r.json);
        assertThat(r.json.get("sct_version").asInt()).isZero();
        assertThat(r.json.get("extensions").asString()).isEmpty();
        assertThat(sct.logId()).isEqualTo(Hash.sha256(CT_KEY.getPublic().getEncoded()));
        LogEntry.PrecertEntry entry = Precertificates.fromPrecertificate(precert, PKI.intermediateSpki());
        sct.verify(CT_KEY.getPublic(), entry);
        X509CertificateHolder finalCert = PKI.finalCertificate(precert, sct);
        sct.verify(CT_KEY.getPublic(), Precertificates.fromFinalCertificate(finalCert, PKI.intermediateSpki()));

        // The SCT is durable: the tree head already covers it, with a valid inclusion proof.
        JsonNode sth = sth();
        long size = sth.get("tree_size").asLong();
        assertThat(sth.get("timestamp").asLong()).isGreaterThanOrEqualTo(sct.timestamp());
        MerkleTreeLeaf leaf = MerkleTreeLeaf.of(sct, entry);
        Hash leafHash = leaf.leafHash();
        Response proof = get("get-proof-by-hash?hash=" + URLEncoder.encode(b64(leafHash.toByteArray()),
                StandardCharsets.UTF_8) + "&tree_size=" + size);
        assertThat(proof.status).isEqualTo(200);
        long index = proof.json.get("leaf_index").asLong();
        ProofVerifier.verifyInclusion(index, size, leafHash, hashes(proof.json.get("audit_path")),
                Hash.of(unb64(sth.get("sha256_root_hash").asString())));

        Response entries = get("get-entries?start=" + index + "&end=" + index);
        assertThat(entries.status).isEqualTo(200);
        assertThat(entries.json.get("entries")).hasSize(1);
        JsonNode e = entries.json.get("entries").get(0);
        assertThat(unb64(e.get("leaf_input").asString())).isEqualTo(leaf.encode());
        ByteBuffer extra = ByteBuffer.wrap(unb64(e.get("extra_data").asString()));
        assertThat(CtLogTest.vector(extra)).isEqualTo(TestPki.der(precert));
        ByteBuffer chain = ByteBuffer.wrap(CtLogTest.vector(extra));
        assertThat(CtLogTest.vector(chain)).isEqualTo(TestPki.der(PKI.intermediate));
        assertThat(CtLogTest.vector(chain)).isEqualTo(TestPki.der(PKI.root));
        assertThat(chain.hasRemaining() || extra.hasRemaining()).isFalse();

        // Resubmitted later: the same SCT content (RFC 6962 §4.1), no new leaf; found in the database by the
        // sequencer's transaction.
        Thread.sleep(5);
        Response again = post("add-pre-chain", chainJson(TestPki.der(precert), TestPki.der(PKI.intermediate)));
        assertThat(again.status).isEqualTo(200);
        assertThat(again.json.get("timestamp").asLong()).isEqualTo(sct.timestamp());
        sct(again.json).verify(CT_KEY.getPublic(), entry);
        assertThat(sth().get("tree_size").asLong()).isEqualTo(size);
    }

    @Test
    void getSthConsistencyWhenTreeGrewThenProofVerifiesBetweenSignedHeads() throws Exception {
        post("add-chain", chainJson(TestPki.der(PKI.certificate()), TestPki.der(PKI.intermediate)));
        JsonNode first = sth();
        for (int i = 0; i < 3; i++) {
            byte[] cert = TestPki.der(PKI.certificate());
            Response r = post("add-chain", chainJson(cert, TestPki.der(PKI.intermediate), TestPki.der(PKI.root)));
            assertThat(r.status).isEqualTo(200);
            sct(r.json).verify(CT_KEY.getPublic(), new LogEntry.X509Entry(cert));
        }
        JsonNode second = sth();
        long size1 = first.get("tree_size").asLong();
        long size2 = second.get("tree_size").asLong();
        assertThat(size2).isEqualTo(size1 + 3);
        Response r = get("get-sth-consistency?first=" + size1 + "&second=" + size2);
        assertThat(r.status).isEqualTo(200);
        ProofVerifier.verifyConsistency(size1, size2, hashes(r.json.get("consistency")),
                Hash.of(unb64(first.get("sha256_root_hash").asString())),
                Hash.of(unb64(second.get("sha256_root_hash").asString())));
    }

    @Test
    void rekorSearchWhenQueriedWithACtSearchKeyThenNoCtEntryLeaks() throws Exception {
        byte[] cert = TestPki.der(PKI.certificate());
        assertThat(post("add-chain", chainJson(cert, TestPki.der(PKI.intermediate))).status).isEqualTo(200);
        String key = "ct-entry:" + Hash.sha256(SignedCertificateTimestamp.signedData(0, new LogEntry.X509Entry(cert),
                new byte[0])).toHex();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/index/retrieve"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\": \"" + key + "\"}")).build();
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(resp.body())).isEmpty();
    }

    @Test
    void issuedToWhenACertificateIsLoggedThenItsSanFindsItAndBadIdentitiesAre400() throws Exception {
        byte[] cert = TestPki.der(PKI.certificate()); // issued to dev@example.com
        assertThat(post("add-chain", chainJson(cert, TestPki.der(PKI.intermediate))).status).isEqualTo(200);
        long newest = sth().get("tree_size").asLong() - 1;
        Response found = console("identity=DEV@example.com"); // any case, as a user types it
        assertThat(found.status).isEqualTo(200);
        assertThat(found.json.get("indexes").get(0).asLong()).isEqualTo(newest);
        assertThat(found.json.get("truncated").asBoolean()).isFalse();
        Response entry = get("get-entries?start=" + newest + "&end=" + newest);
        LogEntry logged = MerkleTreeLeaf.parse(unb64(entry.json.get("entries").get(0).get("leaf_input").asString())).entry();
        assertThat(logged).isInstanceOfSatisfying(LogEntry.X509Entry.class,
                x -> assertThat(x.certificate()).isEqualTo(cert));

        assertThat(console("identity=nobody@example.com").json.get("indexes")).isEmpty();
        for (String bad : List.of("identity=", "identity=" + "x".repeat(1001), "other=1", "identity=a%00b", "identity=a%0Ab")) {
            Response r = console(bad);
            assertThat(r.status).as(bad).isEqualTo(400);
            assertThat(r.json.has("error")).as(bad).isTrue();
        }
    }

    Response console(String query) throws Exception {
        return send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/console/v1/ct/issued?" + query))
                .GET().build());
    }

    @Test
    void getRootsThenTheConfiguredRoots() throws Exception {
        Response r = get("get-roots");
        assertThat(r.status).isEqualTo(200);
        List<byte[]> roots = new ArrayList<>();
        r.json.get("certificates").forEach(c -> roots.add(unb64(c.asString())));
        assertThat(roots).hasSize(2);
        assertThat(roots.get(1)).isEqualTo(TestPki.der(PKI.root));
    }

    @Test
    void addWhenRefusedThen400WithCtErrorBodyAndTreeUnchanged() throws Exception {
        post("add-chain", chainJson(TestPki.der(PKI.certificate()), TestPki.der(PKI.intermediate)));
        long before = sth().get("tree_size").asLong();
        TestPki other = new TestPki("unknown");
        byte[] inter = TestPki.der(PKI.intermediate);
        byte[] precert = TestPki.der(PKI.precert());
        byte[] impostor = TestPki.der(TestPki.ca(PKI.intermediateName, TestPki.key(), PKI.rootName, PKI.rootKey, 0));
        byte[][] eleven = new byte[11][];
        eleven[0] = precert;
        for (int i = 1; i < 11; i++) {
            eleven[i] = inter;
        }
        List<String[]> cases = List.of(
                new String[] {"add-pre-chain", chainJson(TestPki.der(other.precert()), TestPki.der(other.intermediate)),
                    ChainValidator.UNKNOWN_ROOT},
                new String[] {"add-pre-chain", chainJson(TestPki.der(PKI.certificate()), inter), ChainValidator.NOT_PRECERT},
                new String[] {"add-chain", chainJson(precert, inter), ChainValidator.IS_PRECERT},
                new String[] {"add-pre-chain", chainJson(precert, impostor), ChainValidator.BROKEN_LINK},
                new String[] {"add-pre-chain", chainJson(eleven), ChainValidator.TOO_LONG},
                new String[] {"add-pre-chain", "{\"chain\": []}", ChainValidator.EMPTY},
                new String[] {"add-pre-chain", "{\"chain\": [\"not base64!\"]}", "chain entries must be base64"},
                new String[] {"add-pre-chain", "{\"chain\": [\"AAA\"]}", "chain entries must be base64"},
                new String[] {"add-pre-chain", "{\"chain\": [\"MAMCAQE=\"]}", ChainValidator.BAD_CERTIFICATE},
                new String[] {"add-pre-chain", "{\"chain\": [null]}", "chain entries must be base64"},
                new String[] {"add-pre-chain", "{\"chain\": ", "malformed request"},
                new String[] {"add-pre-chain", "{\"chain\": \"abc\"}", "malformed request"},
                new String[] {"add-chain", "{}", ChainValidator.EMPTY});
        for (String[] c : cases) {
            Response r = post(c[0], c[1]);
            assertThat(r.status).as(c[2]).isEqualTo(400);
            assertThat(r.json.get("error").asString()).isEqualTo(c[2]);
            assertThat(r.json.has("code")).isFalse(); // not Rekor's error shape
        }
        assertThat(sth().get("tree_size").asLong()).isEqualTo(before);
    }

    @Test
    void readsWhenParametersInvalidThen400Or404() throws Exception {
        post("add-chain", chainJson(TestPki.der(PKI.certificate()), TestPki.der(PKI.intermediate)));
        long size = sth().get("tree_size").asLong();
        String unknown = URLEncoder.encode(b64(new byte[32]), StandardCharsets.UTF_8);
        assertThat(get("get-proof-by-hash?hash=" + unknown + "&tree_size=" + size).status).isEqualTo(404);
        assertThat(get("get-proof-by-hash?hash=AAAA&tree_size=" + size).status).isEqualTo(400);
        assertThat(get("get-proof-by-hash?hash=" + unknown + "&tree_size=0").status).isEqualTo(400);
        assertThat(get("get-proof-by-hash?hash=" + unknown).status).isEqualTo(400);
        assertThat(get("get-sth-consistency?first=2&second=1").status).isEqualTo(400);
        assertThat(get("get-sth-consistency?first=1&second=" + (size + 1)).status).isEqualTo(400);
        assertThat(get("get-sth-consistency?first=x&second=1").status).isEqualTo(400);
        assertThat(get("get-entries?start=" + size + "&end=" + (size + 5)).status).isEqualTo(400);
        assertThat(get("get-entries?start=-1&end=0").status).isEqualTo(400);
        Response r = get("get-entries?start=1&end=0");
        assertThat(r.status).isEqualTo(400);
        assertThat(r.json.has("error")).isTrue();
        assertThat(get("get-entries?start=0&end=" + Long.MAX_VALUE).json.get("entries").size())
                .isEqualTo((int) Math.min(size, CtLog.MAX_ENTRIES));
    }

    // --- helpers ---

    record Response(int status, JsonNode json) {
    }

    Response post(String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(req);
    }

    Response get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET().build());
    }

    JsonNode sth() throws Exception {
        Response r = get("get-sth");
        assertThat(r.status).isEqualTo(200);
        verifySth(r.json);
        return r.json;
    }

    private Response send(HttpRequest req) throws Exception {
        HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
        return new Response(resp.statusCode(), resp.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(resp.body()));
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/ct/v1/" + path);
    }

    /** RFC 6962 §3.5 tree head signature under the CT key. */
    static void verifySth(JsonNode sth) throws Exception {
        byte[] sig = digitallySigned(unb64(sth.get("tree_head_signature").asString()));
        Signature v = Signature.getInstance("SHA256withECDSA");
        v.initVerify(CT_KEY.getPublic());
        v.update(SignedTreeHead.signedData(sth.get("timestamp").asLong(), sth.get("tree_size").asLong(),
                Hash.of(unb64(sth.get("sha256_root_hash").asString()))));
        assertThat(v.verify(sig)).as("STH signature").isTrue();
    }

    /** The SCT from the §4.1 JSON. */
    static SignedCertificateTimestamp sct(JsonNode json) {
        byte[] sig = digitallySigned(unb64(json.get("signature").asString()));
        return new SignedCertificateTimestamp(json.get("sct_version").asInt(), Hash.of(unb64(json.get("id").asString())),
                json.get("timestamp").asLong(), unb64(json.get("extensions").asString()), 4, 3, sig);
    }

    /** Checks the sha256/ecdsa header of a DigitallySigned and returns the signature. */
    static byte[] digitallySigned(byte[] ds) {
        ByteBuffer in = ByteBuffer.wrap(ds);
        assertThat(in.get()).isEqualTo((byte) 4);
        assertThat(in.get()).isEqualTo((byte) 3);
        byte[] sig = new byte[in.getShort() & 0xffff];
        in.get(sig);
        assertThat(in.hasRemaining()).isFalse();
        return sig;
    }

    static String chainJson(byte[]... certs) {
        StringBuilder sb = new StringBuilder("{\"chain\": [");
        for (int i = 0; i < certs.length; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(b64(certs[i])).append('"');
        }
        return sb.append("]}").toString();
    }

    static List<Hash> hashes(JsonNode array) {
        List<Hash> out = new ArrayList<>();
        array.forEach(h -> out.add(Hash.of(unb64(h.asString()))));
        return out;
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    static byte[] unb64(String s) {
        return Base64.getDecoder().decode(s);
    }
}
