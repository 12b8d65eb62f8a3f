package dev.keyless.bench;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequestGenerator;

/**
 * Load generator for ca-service's timestamp authority (loopback only): DER requests over a fresh SHA-256 imprint each,
 * with a nonce, as sigstore-java sends them, from N concurrent clients.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TsaLoad --url https://127.0.0.1:5557 --runs 1,16,64 --seconds 15
 * </pre>
 */
public final class TsaLoad {
    private TsaLoad() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Map.of("url", "https://127.0.0.1:5555", "runs", "1,16,64",
                "seconds", "15", "warmup", "3"));
        URI base = URI.create(opt.get("url"));
        Args.requireLoopback(base);
        HttpClient http = CaLoad.client();
        SecureRandom random = new SecureRandom();
        Supplier<HttpRequest> requests = () -> {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            TimeStampRequestGenerator g = new TimeStampRequestGenerator();
            byte[] der;
            try {
                der = g.generate(TSPAlgorithms.SHA256, digest, BigInteger.valueOf(random.nextLong() >>> 1))
                        .getEncoded();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return HttpRequest.newBuilder(base.resolve("/api/v1/timestamp"))
                    .header("Content-Type", "application/timestamp-query")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(der)).build();
        };
        for (String c : opt.get("runs").split(",")) {
            int clients = Integer.parseInt(c.trim());
            TimedRun.Result r = TimedRun.run(http, clients, Integer.parseInt(opt.get("seconds")),
                    Integer.parseInt(opt.get("warmup")), requests, 200);
            System.out.printf(Locale.ROOT, "timestamps clients=%d %s%n", clients, r.summary());
        }
    }
}
