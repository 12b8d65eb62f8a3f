package dev.keyless.ca.ct;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An RFC 6962 log on localhost that answers {@code add-pre-chain} as a real log would (an SCT over the
 * precertificate entry, signed by {@link #signingKey}) unless a {@link Behaviour} says otherwise. Records every
 * submitted chain.
 */
final class FakeCtLog implements AutoCloseable {
    /** What the next answers look like. */
    interface Behaviour {
        void answer(FakeCtLog log, HttpExchange exchange, List<X509Certificate> chain) throws IOException;
    }

    static final Behaviour HONEST = (log, exchange, chain) -> log.respond(exchange, 200, log.sctJson(chain));

    private static final Pattern CHAIN_ENTRY = Pattern.compile("\"([A-Za-z0-9+/=]+)\"");

    final List<List<X509Certificate>> submissions = new CopyOnWriteArrayList<>();
    final List<String> requestBodies = new CopyOnWriteArrayList<>();
    /** The client's address of each request: one per connection it used. */
    final List<InetSocketAddress> clientAddresses = new CopyOnWriteArrayList<>();
    volatile KeyPair signingKey;
    volatile Behaviour behaviour = HONEST;
    private final HttpServer server;

    FakeCtLog(KeyPair signingKey) throws IOException {
        this(signingKey, 0);
    }

    /** @param port 0 for any free one; another to stand in for a log restarted on its port */
    FakeCtLog(KeyPair signingKey, int port) throws IOException {
        this.signingKey = signingKey;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ct/v1/add-pre-chain", exchange -> {
            try (exchange) {
                clientAddresses.add(exchange.getRemoteAddress());
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
                requestBodies.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                        + " " + body);
                List<X509Certificate> chain = new ArrayList<>();
                Matcher m = CHAIN_ENTRY.matcher(body.substring(body.indexOf('[')));
                while (m.find()) {
                    chain.add(Certificates.parseDer(Base64.getDecoder().decode(m.group(1))));
                }
                submissions.add(List.copyOf(chain));
                behaviour.answer(this, exchange, chain);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The §4.1 JSON of an honest SCT for {@code chain} (precertificate, issuer, …). */
    String sctJson(List<X509Certificate> chain) {
        SignedCertificateTimestamp sct = sct(chain);
        byte[] sig = sct.signature();
        byte[] ds = ByteBuffer.allocate(4 + sig.length).put((byte) 4).put((byte) 3).putShort((short) sig.length).put(sig)
                .array();
        return "{\"sct_version\":0,\"id\":\"" + b64(sct.logId().toByteArray()) + "\",\"timestamp\":" + sct.timestamp()
                + ",\"extensions\":\"\",\"signature\":\"" + b64(ds) + "\"}";
    }

    SignedCertificateTimestamp sct(List<X509Certificate> chain) {
        LogEntry entry = Precertificates.fromPrecertificate(chain.get(0), chain.get(1).getPublicKey());
        KeyPair key = signingKey;
        return SignedCertificateTimestamp.sign(message -> {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(key.getPrivate());
                s.update(message);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }, SignedCertificateTimestamp.logIdOf(key.getPublic()), System.currentTimeMillis(), entry);
    }

    void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
