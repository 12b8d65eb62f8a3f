package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.ct.DigitallySigned;
import dev.keyless.common.ct.TreeHeadSignature;
import dev.keyless.common.merkle.CompactRange;
import dev.keyless.common.merkle.Rfc6962;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The monitor following a CT log through a stand-in RFC 6962 API: tree heads verified as TreeHeadSignatures,
 * get-entries cut short by the log (as RFC 6962 allows) asked for again until every leaf has come, a tree head signed
 * by another key a bad-signature alert.
 */
class Rfc6962LogTest {
    static final SecureRandom RANDOM = new SecureRandom();
    final EcdsaSigner ctKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));
    volatile EcdsaSigner signer = ctKey;
    final List<byte[]> leaves = new ArrayList<>();
    final List<String> alerts = new CopyOnWriteArrayList<>();
    final List<String> queries = new CopyOnWriteArrayList<>();
    HttpServer server;
    @TempDir
    Path dir;

    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ct/v1/", ex -> {
            String answer;
            if (ex.getRequestURI().getPath().endsWith("/get-sth")) {
                CompactRange r = CompactRange.empty();
                leaves.forEach(l -> r.append(Rfc6962.hashLeaf(l)));
                long timestamp = 1_800_000_000_000L;
                byte[] sig = DigitallySigned.ecdsaSha256(signer.sign(TreeHeadSignature.signedData(timestamp, leaves.size(),
                        r.root()))).encode();
                answer = "{\"tree_size\":" + leaves.size() + ",\"timestamp\":" + timestamp + ",\"sha256_root_hash\":\""
                        + Base64.getEncoder().encodeToString(r.root().toByteArray()) + "\",\"tree_head_signature\":\""
                        + Base64.getEncoder().encodeToString(sig) + "\"}";
            } else {
                queries.add(ex.getRequestURI().getQuery());
                Map<String, Integer> q = new java.util.HashMap<>();
                for (String kv : ex.getRequestURI().getQuery().split("&")) {
                    q.put(kv.split("=")[0], Integer.parseInt(kv.split("=")[1]));
                }
                StringBuilder b = new StringBuilder("{\"entries\":[");
                int last = Math.min(q.get("end"), q.get("start") + 6); // this log answers at most 7 at a time
                for (int i = q.get("start"); i <= last; i++) {
                    b.append(i > q.get("start") ? "," : "").append("{\"leaf_input\":\"")
                            .append(Base64.getEncoder().encodeToString(leaves.get(i))).append("\",\"extra_data\":\"\"}");
                }
                answer = b.append("]}").toString();
            }
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    RekorMonitor monitor() {
        return new RekorMonitor(new Rfc6962Log(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                HttpClient.newHttpClient()), List.of(ctKey.publicKey()), dir.resolve("state.json"), IdentityRules.none(),
                new Alerts(alerts::add, null, null, System.err),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false);
    }

    @Test
    void everyLeafComesEvenWhenTheLogAnswersFewerThanAskedFor() throws Exception {
        serve();
        for (int i = 0; i < 20; i++) {
            leaves.add(("leaf " + i).getBytes(StandardCharsets.UTF_8)); // not MerkleTreeLeafs: proven, naming nobody
        }
        assertThat(monitor().poll()).isEqualTo(new RekorMonitor.Poll(20, 20, null));
        assertThat(queries).containsExactly("start=0&end=19", "start=7&end=19", "start=14&end=19");
        assertThat(alerts).isEmpty();
    }

    @Test
    void aTreeHeadSignedByAnotherKeyIsABadSignature() throws Exception {
        serve();
        leaves.add("leaf".getBytes(StandardCharsets.UTF_8));
        signer = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, RANDOM));
        assertThat(monitor().poll().alert()).isEqualTo("bad-signature");
        assertThat(alerts).singleElement().asString().contains("not signed by a CT log key").contains("tree_head_signature");
    }
}
