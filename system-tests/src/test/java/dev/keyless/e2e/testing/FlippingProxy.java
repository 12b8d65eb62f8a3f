package dev.keyless.e2e.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy between the browser and tlog-service that, when told to, changes one byte of every inclusion proof
 * the log sends: the first hex digit of the first proof hash in an entry answer becomes another hex digit, so the
 * JSON stays valid and only the proof is wrong. With the console verifying in the browser, its page must then say
 * the inclusion check failed; a console that trusted the server would not notice.
 */
public final class FlippingProxy implements AutoCloseable {
    private static final String MARK = "\"hashes\":[\"";
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "host", "transfer-encoding",
            "keep-alive", "upgrade", "expect");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    /** What to change on the way: nothing, a byte of the inclusion proof, or a byte of the checkpoint's signature. */
    public enum Flip { NONE, PROOF, CHECKPOINT_SIGNATURE }

    private volatile Flip flipping = Flip.NONE;
    private final AtomicInteger flipped = new AtomicInteger();

    public FlippingProxy(int targetPort) throws IOException {
        this.target = URI.create("http://127.0.0.1:" + targetPort);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** From now on, change (or not) a byte of each entry answer passing through. */
    public void flipping(Flip what) {
        flipping = what;
    }

    /** How many answers had a byte flipped. */
    public int flipped() {
        return flipped.get();
    }

    private void forward(HttpExchange ex) throws IOException {
        try (ex) {
            relay(ex);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void relay(HttpExchange ex) throws IOException, InterruptedException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            HttpRequest.Builder req = HttpRequest.newBuilder(target.resolve(ex.getRequestURI().toString()))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    vs.forEach(v -> req.header(k, v));
                }
            });
            HttpResponse<byte[]> res = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] answer = res.body();
            if (flipping != Flip.NONE && ex.getRequestURI().getPath().startsWith("/api/v1/log/entries")) {
                answer = flipping == Flip.PROOF ? flipFirstProofHash(answer) : flipCheckpointSignature(answer);
            }
            res.headers().map().forEach((k, vs) -> {
                if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    vs.forEach(v -> ex.getResponseHeaders().add(k, v));
                }
            });
            ex.sendResponseHeaders(res.statusCode(), answer.length == 0 ? -1 : answer.length);
            ex.getResponseBody().write(answer);
        }
    }

    private byte[] flipFirstProofHash(byte[] answer) {
        String s = new String(answer, StandardCharsets.UTF_8);
        int at = s.indexOf(MARK);
        if (at < 0) {
            return answer;
        }
        int i = at + MARK.length();
        char c = s.charAt(i);
        char other = c == '0' ? '1' : '0';
        flipped.incrementAndGet();
        return (s.substring(0, i) + other + s.substring(i + 1)).getBytes(StandardCharsets.UTF_8);
    }

    /** A base64 character in the middle of the checkpoint's signature line becomes another one. */
    private byte[] flipCheckpointSignature(byte[] answer) {
        String s = new String(answer, StandardCharsets.UTF_8);
        int cp = s.indexOf("\"checkpoint\":\"");
        int line = cp < 0 ? -1 : s.indexOf("\u2014 ", cp);
        int sig = line < 0 ? -1 : s.indexOf(' ', line + 2);
        if (sig < 0) {
            return answer;
        }
        int i = sig + 12;
        char other = s.charAt(i) == 'A' ? 'B' : 'A';
        flipped.incrementAndGet();
        return (s.substring(0, i) + other + s.substring(i + 1)).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
