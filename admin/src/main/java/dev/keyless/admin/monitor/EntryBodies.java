package dev.keyless.admin.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.LongStream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The canonical bodies of consecutive entries of a Rekor v1 log, handed over in index order. Fetched with Rekor's
 * {@code POST /api/v1/log/entries/retrieve} by log index, {@value #PER_REQUEST} per request (the log's limit) and
 * {@value #IN_FLIGHT} requests in flight, so a catch-up is not one round trip per entry. Nothing in an answer is
 * trusted here: the caller hashes each body into the tree and compares the root with a signed checkpoint, so a log
 * that answers with the wrong entries, or in the wrong order, is caught there.
 */
final class EntryBodies {
    static final int PER_REQUEST = 10;
    static final int IN_FLIGHT = 8;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Receives each body, in index order. */
    interface Sink {
        void accept(long index, byte[] body) throws IOException;
    }

    private final URI rekor;
    private final HttpClient http;

    EntryBodies(URI rekor, HttpClient http) {
        this.rekor = rekor;
        this.http = http;
    }

    /** Hands the bodies of global indexes {@code from} (inclusive) to {@code to} (exclusive) to {@code sink}, in order. */
    void fetch(long from, long to, Sink sink) throws IOException, InterruptedException {
        Deque<Batch> window = new ArrayDeque<>();
        long next = from;
        try {
            while (next < to || !window.isEmpty()) {
                while (window.size() < IN_FLIGHT && next < to) {
                    int n = (int) Math.min(PER_REQUEST, to - next);
                    window.add(request(next, n));
                    next += n;
                }
                Batch b = window.poll();
                Map<Long, byte[]> bodies = b.answer().get();
                for (long i = b.start(); i < b.start() + b.count(); i++) {
                    byte[] body = bodies.get(i);
                    if (body == null) {
                        throw new IOException("the log did not return entry " + i);
                    }
                    sink.accept(i, body);
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw cause instanceof IOException io ? io : new IOException("fetching entries failed: " + cause, cause);
        } finally {
            window.forEach(b -> b.exchange().cancel(true));
        }
    }

    /** @param exchange the HTTP exchange itself, cancelled with the batch */
    private record Batch(long start, int count, CompletableFuture<Map<Long, byte[]>> answer,
            CompletableFuture<HttpResponse<InputStream>> exchange) {
    }

    private Batch request(long start, int count) {
        List<Long> indexes = LongStream.range(start, start + count).boxed().toList();
        HttpRequest req = HttpRequest.newBuilder(URI.create(rekor.toString().replaceAll("/+$", "") + "/api/v1/log/entries/retrieve"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("logIndexes", indexes)))).build();
        CompletableFuture<HttpResponse<InputStream>> exchange = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        return new Batch(start, count, exchange.thenApply(r -> parse(start, r)), exchange);
    }

    private static Map<Long, byte[]> parse(long start, HttpResponse<InputStream> r) {
        byte[] body;
        try {
            body = FollowedLog.checked(r, "retrieving entries from " + start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<Long, byte[]> out = new HashMap<>();
        for (JsonNode map : JSON.readTree(body)) {
            for (JsonNode entry : map) {
                try {
                    out.put(entry.path("logIndex").asLong(-1), Base64.getDecoder().decode(entry.path("body").asString("")));
                } catch (IllegalArgumentException e) {
                    throw new UncheckedIOException(new IOException("entry " + entry.path("logIndex") + ": body is not base64"));
                }
            }
        }
        return out;
    }
}
