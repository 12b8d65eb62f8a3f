package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Batched, pipelined entry fetching against a stand-in Rekor: order, batch size, and a log that leaves one out. */
class EntryBodiesTest {
    HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicInteger largestBatch = new AtomicInteger();

    EntryBodies log(IntPredicate serves, int status) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/log/entries/retrieve", ex -> {
            requests.incrementAndGet();
            JsonNode indexes = JsonMapper.builder().build().readTree(ex.getRequestBody().readAllBytes()).path("logIndexes");
            largestBatch.accumulateAndGet(indexes.size(), Math::max);
            StringBuilder answer = new StringBuilder("[");
            for (JsonNode index : indexes) {
                int i = index.asInt();
                if (serves.test(i)) {
                    answer.append(answer.length() > 1 ? "," : "").append("{\"u").append(i).append("\":{\"logIndex\":").append(i)
                            .append(",\"body\":\"").append(Base64.getEncoder().encodeToString(("entry " + i).getBytes(StandardCharsets.UTF_8)))
                            .append("\"}}");
                }
            }
            byte[] b = answer.append("]").toString().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return new EntryBodies(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), HttpClient.newHttpClient());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyBodyArrivesInIndexOrderTenPerRequest() throws Exception {
        EntryBodies bodies = log(i -> true, 200);
        List<String> got = new ArrayList<>();
        List<Long> order = new ArrayList<>();
        bodies.fetch(7, 253, (index, body) -> {
            order.add(index);
            got.add(new String(body, StandardCharsets.UTF_8));
        });
        assertThat(order).hasSize(246).isSorted().startsWith(7L).endsWith(252L);
        assertThat(got.get(0)).isEqualTo("entry 7");
        assertThat(largestBatch.get()).isEqualTo(EntryBodies.PER_REQUEST);
        assertThat(requests.get()).isEqualTo(25);
    }

    @Test
    void anEntryTheLogLeavesOutIsAnErrorNotASkip() throws Exception {
        EntryBodies bodies = log(i -> i != 42, 200);
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> bodies.fetch(0, 100, (index, body) -> seen.add(index)))
                .isInstanceOf(IOException.class).hasMessage("the log did not return entry 42");
        assertThat(seen).hasSize(42);
    }

    @Test
    void anAnswerWithoutEndIsReadNoFurtherThanTheBound() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/log/entries/retrieve", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(200, 0); // chunked: as long as the log likes
            byte[] chunk = new byte[64 * 1024];
            try (var out = ex.getResponseBody()) {
                for (int i = 0; i < 200; i++) { // 12.5 MiB, three times the bound
                    out.write(chunk);
                }
            } catch (IOException e) {
                // the monitor hung up once it had read enough
            }
        });
        server.start();
        EntryBodies bodies = new EntryBodies(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                HttpClient.newHttpClient());
        assertThatThrownBy(() -> bodies.fetch(0, 1, (index, body) -> { })).isInstanceOf(IOException.class)
                .hasMessageContaining("answered HTTP 200 with more than " + FollowedLog.MAX_RESPONSE_BYTES + " bytes");
    }

    @Test
    void anErrorAnswerIsAnIOExceptionWithItsStatus() throws Exception {
        EntryBodies bodies = log(i -> true, 503);
        assertThatThrownBy(() -> bodies.fetch(0, 5, (index, body) -> { }))
                .isInstanceOf(IOException.class).hasMessageStartingWith("retrieving entries from 0 answered HTTP 503");
    }
}
