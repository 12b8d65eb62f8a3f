package dev.keyless.admin;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code trusted_root.json} and {@code signing_config.json} for a running deployment, from what its
 * services publish: the CA chain ({@code GET <ca>/api/v2/trustBundle}), the Rekor key
 * ({@code GET <rekor>/api/v1/log/publicKey}), the genesis entry's time ({@code logIndex=0}), and the CT log's
 * public key file. Only the URLs given on the command line are contacted.
 *
 * <pre>
 * ./dev trust-root --ca https://localhost:5555 --ca-tls-cert data/ca/dev-tls/server-cert.pem \
 *     --rekor http://localhost:3000 --ct-key data/tlog/ct-key.pub.pem --out .
 * </pre>
 */
public final class TrustRootCommand {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = parse(args);
        URI ca = URI.create(opt.getOrDefault("ca", "https://localhost:5555"));
        URI rekor = URI.create(opt.getOrDefault("rekor", "http://localhost:3000"));
        Path ctKey = Path.of(opt.getOrDefault("ct-key", "data/tlog/ct-key.pub.pem"));
        Path out = Path.of(opt.getOrDefault("out", "."));
        String caTlsCert = opt.getOrDefault("ca-tls-cert", "data/ca/dev-tls/server-cert.pem");
        HttpClient http = client(caTlsCert.isEmpty() ? null : Path.of(caTlsCert));

        TrustRoot root = fetch(http, ca, rekor, PublicKeys.parsePem(Files.readString(ctKey)));
        Files.createDirectories(out);
        Files.writeString(out.resolve("trusted_root.json"), root.trustedRootJson());
        Files.writeString(out.resolve("signing_config.json"), root.signingConfigJson());
        System.out.println("wrote " + out.resolve("trusted_root.json") + " and " + out.resolve("signing_config.json"));
    }

    /** Everything a trust root needs, read from the services; the CT log is served by the Rekor host. */
    public static TrustRoot fetch(HttpClient http, URI ca, URI rekor, PublicKey ctKey) throws IOException, InterruptedException {
        JsonNode bundle = JSON.readTree(get(http, ca.resolve("/api/v2/trustBundle")));
        List<X509Certificate> chain = new ArrayList<>();
        for (JsonNode pem : bundle.path("chains").path(0).path("certificates")) {
            chain.add(Certificates.parsePem(pem.asString()));
        }
        PublicKey rekorKey = PublicKeys.parsePem(get(http, rekor.resolve("/api/v1/log/publicKey")));
        JsonNode genesis = JSON.readTree(get(http, rekor.resolve("/api/v1/log/entries?logIndex=0")));
        Instant firstEntry = Instant.ofEpochSecond(genesis.valueStream().findFirst().orElseThrow().path("integratedTime").asLong());
        Instant caStart = chain.stream().map(c -> c.getNotBefore().toInstant()).min(Instant::compareTo).orElseThrow();
        // Valid from before the CA's first certificate and the log's first entry.
        Instant since = (firstEntry.isBefore(caStart) ? firstEntry : caStart).minusSeconds(60);
        return new TrustRoot(ca, chain, rekor, rekorKey, rekor, ctKey, since);
    }

    private static String get(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + r.statusCode());
        }
        return r.body();
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

    private static Map<String, String> parse(String[] args) {
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("arguments are --name value pairs: --ca, --ca-tls-cert, --rekor, --ct-key, --out");
            }
            out.put(args[i].substring(2), args[i + 1]);
        }
        return out;
    }
}
