package dev.keyless.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.StrictBase64;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Load generator for a running ca-service (loopback only). It runs its own OIDC issuer on
 * {@code http://127.0.0.1:<issuer-port>} (discovery and JWKS), which the CA must be configured to trust as an
 * {@code email} issuer with client ID {@code sigstore}; then it requests certificates the way sigstore-js does
 * (REST, ECDSA P-256 key, proof of possession over the email) from N concurrent clients.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.CaLoad --url https://127.0.0.1:5555 --clients 16 --seconds 15
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.CaLoad --dump bodies.jsonl --keys 2000   # for wrk
 * </pre>
 */
public final class CaLoad {
    static final String EMAIL = "bench@example.com";

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Map.of("url", "https://127.0.0.1:5555", "issuer-port", "8900",
                "clients", "16", "seconds", "15", "warmup", "3", "keys", "2000", "runs", "", "dump", "",
                "serve-seconds", "900"));
        URI base = URI.create(opt.get("url"));
        Args.requireLoopback(base);
        // A fresh key ID per run: a CA that cached an earlier run's key then fetches the JWKS again.
        RSAKey jwk = new RSAKeyGenerator(2048).keyID("bench-" + UUID.randomUUID()).generate();
        HttpServer issuer = startIssuer(Integer.parseInt(opt.get("issuer-port")), jwk);
        String issuerUrl = "http://127.0.0.1:" + issuer.getAddress().getPort();
        HttpClient http = client();

        int keys = Integer.parseInt(opt.get("keys"));
        System.out.printf(Locale.ROOT, "issuer %s; preparing %d keys with proofs of possession...%n", issuerUrl, keys);
        List<String> bodies = new ArrayList<>(keys);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < keys; i++) {
            EcdsaSigner key = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, random));
            String pop = StrictBase64.encode(key.sign(EMAIL.getBytes(StandardCharsets.UTF_8)));
            String pem = PublicKeys.toPem(key.publicKey()).replace("\n", "\\n");
            bodies.add("{\"publicKeyRequest\":{\"publicKey\":{\"algorithm\":\"ECDSA\",\"content\":\"" + pem
                    + "\"},\"proofOfPossession\":\"" + pop + "\"},\"credentials\":{\"oidcIdentityToken\":\"%s\"}}");
        }
        if (!opt.get("dump").isEmpty()) {
            // For a load generator in another process (bench/wrk/certificates.lua): the bodies with one token, then
            // the issuer keeps answering (the CA fetches its JWKS) until the time is up or the process is stopped.
            String token = token(jwk, issuerUrl);
            Files.write(Path.of(opt.get("dump")),
                    bodies.stream().map(b -> String.format(Locale.ROOT, b, token)).toList(), StandardCharsets.US_ASCII);
            System.out.printf(Locale.ROOT, "wrote %d request bodies to %s; issuer serving for %s s%n", keys, opt.get("dump"),
                    opt.get("serve-seconds"));
            Thread.sleep(Duration.ofSeconds(Long.parseLong(opt.get("serve-seconds"))));
            issuer.stop(0);
            return;
        }
        waitReady(http, base);
        // One token per run keeps token minting out of the measurement; the CA verifies it on every request.
        String runs = opt.get("runs").isEmpty() ? opt.get("clients") : opt.get("runs");
        for (String c : runs.split(",")) {
            String token = token(jwk, issuerUrl);
            run(http, base, bodies, token, Integer.parseInt(c.trim()), Integer.parseInt(opt.get("seconds")),
                    Integer.parseInt(opt.get("warmup")));
        }
        issuer.stop(0);
    }

    static void run(HttpClient http, URI base, List<String> bodies, String token, int clients, int seconds, int warmup)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        TimedRun.Result r = TimedRun.run(http, clients, seconds, warmup, () -> HttpRequest.newBuilder(base.resolve("/api/v2/signingCert"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.format(Locale.ROOT, bodies.get(Math.floorMod(next.getAndIncrement(), bodies.size())), token)))
                .build(), 200);
        System.out.printf(Locale.ROOT, "certificates clients=%d %s%n", clients, r.summary());
    }

    static String token(RSAKey jwk, String issuer) throws Exception {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).subject("bench-subject").audience("sigstore")
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)))
                .claim("email", EMAIL).claim("email_verified", true).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(jwk.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(jwk));
        return jwt.serialize();
    }

    static HttpServer startIssuer(int port, RSAKey jwk) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        String issuer = "http://127.0.0.1:" + port;
        byte[] discovery = ("{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\","
                + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"]}").getBytes(StandardCharsets.UTF_8);
        byte[] jwks = new JWKSet(jwk.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = path.equals("/.well-known/openid-configuration") ? discovery : path.equals("/jwks") ? jwks : null;
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    static void waitReady(HttpClient http, URI base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(base.resolve("/api/v2/configuration")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("ca-service did not answer at " + base);
    }

    /** Trusts any server certificate: the target is a development CA on loopback with a self-signed TLS certificate. */
    static HttpClient client() throws Exception {
        TrustManager[] trustAll = {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }};
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, trustAll, new SecureRandom());
        return HttpClient.newBuilder().sslContext(ssl).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }
}
