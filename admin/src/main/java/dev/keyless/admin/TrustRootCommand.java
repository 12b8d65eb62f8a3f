package dev.keyless.admin;

import dev.keyless.common.crypto.Certificates;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code trusted_root.json} and {@code signing_config.json} as the running ca-service serves them
 * ({@code GET /trusted_root.json}, {@code GET /signing_config.json}), after checking each is the JSON document of
 * its media type. Only the URL given on the command line is contacted.
 *
 * <pre>
 * ./dev trust-root --ca https://localhost:5555 --ca-tls-cert data/ca/dev-tls/server-cert.pem --out .
 * </pre>
 */
public final class TrustRootCommand {
    static final int MAX_BYTES = 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> MEDIA_TYPES = Map.of(
            "trusted_root.json", "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
            "signing_config.json", "application/vnd.dev.sigstore.signingconfig.v0.2+json");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        URI ca = URI.create(opt.getOrDefault("ca", "https://localhost:5555"));
        Path out = Path.of(opt.getOrDefault("out", "."));
        String caTlsCert = opt.getOrDefault("ca-tls-cert", "data/ca/dev-tls/server-cert.pem");
        HttpClient http = client(caTlsCert.isEmpty() ? null : Path.of(caTlsCert));
        for (Path written : download(http, ca, out)) {
            System.out.println("wrote " + written);
        }
    }

    /** Fetches both files from {@code ca} into {@code dir}; returns the trusted root's path, then the signing config's. */
    public static Path[] download(HttpClient http, URI ca, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path[] out = new Path[2];
        int i = 0;
        for (String name : new String[] {"trusted_root.json", "signing_config.json"}) {
            String body = get(http, ca.resolve("/" + name));
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (JacksonException e) {
                throw new IOException(name + " from " + ca + " is not JSON");
            }
            if (!MEDIA_TYPES.get(name).equals(json.path("mediaType").asString(""))) {
                throw new IOException(name + " from " + ca + " has media type " + json.path("mediaType") + ", want "
                        + MEDIA_TYPES.get(name));
            }
            out[i++] = Files.writeString(dir.resolve(name), body, StandardCharsets.UTF_8);
        }
        return out;
    }

    /** One GET answered 200, bounded in size ({@value #MAX_BYTES} bytes); the body as UTF-8. */
    static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode() + ": "
                    + new String(r.body(), 0, Math.min(r.body().length, 300), StandardCharsets.UTF_8));
        }
        if (r.body().length > MAX_BYTES) {
            throw new IOException("GET " + uri + " answered more than " + MAX_BYTES + " bytes");
        }
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Trusts the JVM's roots, plus the CA's development TLS certificate when one is given. */
    public static HttpClient client(Path caTlsCert) throws Exception {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (caTlsCert != null && Files.exists(caTlsCert)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca-tls", Certificates.parsePem(Files.readString(caTlsCert)));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            b.sslContext(ssl);
        }
        return b.build();
    }

    public static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs: --ca, --ca-tls-cert, --out");
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
