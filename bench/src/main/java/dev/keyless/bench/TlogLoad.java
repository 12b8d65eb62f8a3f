package dev.keyless.bench;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.tiles.TilePath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Load generator for a running tlog-service (loopback only: it refuses other hosts).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode append --clients 64 --seconds 20
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode read --clients 16 --seconds 20
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode proof --clients 1 --seconds 10
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode dump --entries 100000 --out bodies.jsonl
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode append-v2 --clients 64 --seconds 20
 * java -cp bench/target/benchmarks.jar dev.keyless.bench.TlogLoad --mode tiles --clients 16 --seconds 20
 * </pre>
 *
 * append: unique valid hashedrekord entries (ECDSA P-256, signed before the clock starts, so client-side signing
 * does not compete with the server). read: GET an entry by random index (the answer carries an inclusion proof,
 * a SET and a checkpoint). proof: GET a consistency proof from a random size to the current size. Each request
 * loop is bounded by the duration; the run stops by itself. dump: only write that many append bodies, one per line,
 * for a load generator in another process ({@code bench/wrk/append.lua}); no server is contacted. append-v2: the same
 * for the Rekor v2 log ({@code hashedRekordRequestV002}). tiles: GET a random full level-0 tile or full entry bundle of
 * the v2 log (what a monitor catching up reads; the v2 log must hold at least 256 entries).
 */
public final class TlogLoad {
    private static final Pattern TREE_SIZE = Pattern.compile("\"treeSize\":(\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = Args.parse(args, Map.of("url", "http://127.0.0.1:3000", "mode", "append",
                "clients", "16", "seconds", "20", "warmup", "3", "entries", "0", "out", "bodies.jsonl"));
        URI base = URI.create(opt.get("url"));
        Args.requireLoopback(base);
        String mode = opt.get("mode");
        int clients = Integer.parseInt(opt.get("clients"));
        int seconds = Integer.parseInt(opt.get("seconds"));
        int warmup = Integer.parseInt(opt.get("warmup"));
        if (mode.equals("dump")) {
            Path out = Path.of(opt.get("out"));
            Files.write(out, entries(Integer.parseInt(opt.get("entries"))), StandardCharsets.US_ASCII);
            System.out.printf(Locale.ROOT, "wrote %s entries to %s%n", opt.get("entries"), out);
            return;
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

        List<String> bodies = List.of();
        if (mode.equals("append") || mode.equals("append-v2")) {
            int n = Integer.parseInt(opt.get("entries"));
            if (n == 0) {
                // Enough for 4,000 appends/s over the whole run: a run that ran out would stop early.
                n = Math.max(20_000, 4_000 * (seconds + warmup));
            }
            System.out.printf(Locale.ROOT, "signing %d entries before the run...%n", n);
            bodies = mode.equals("append") ? entries(n) : entriesV2(n);
        }
        long size = mode.equals("append-v2") || mode.equals("tiles") ? v2Size(http, base) : treeSize(http, base);
        System.out.printf(Locale.ROOT, "tree size at start: %d%n", size);

        AtomicInteger next = new AtomicInteger();
        List<String> pool = bodies;
        Supplier<HttpRequest> requests = switch (mode) {
            case "append" -> () -> {
                int i = next.getAndIncrement();
                return i >= pool.size() ? null : HttpRequest.newBuilder(base.resolve("/api/v1/log/entries"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(pool.get(i))).build();
            };
            case "read" -> () -> HttpRequest.newBuilder(base.resolve("/api/v1/log/entries?logIndex="
                    + ThreadLocalRandom.current().nextLong(size))).build();
            case "proof" -> () -> HttpRequest.newBuilder(base.resolve("/api/v1/log/proof?firstSize="
                    + (1 + ThreadLocalRandom.current().nextLong(size)) + "&lastSize=" + size)).build();
            case "append-v2" -> () -> {
                int i = next.getAndIncrement();
                return i >= pool.size() ? null : HttpRequest.newBuilder(base.resolve("/api/v2/log/entries"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(pool.get(i))).build();
            };
            case "tiles" -> {
                long fullTiles = size / 256;
                if (fullTiles == 0) {
                    throw new IllegalStateException("the v2 log holds " + size + " entries, want at least 256");
                }
                yield () -> {
                    long n = ThreadLocalRandom.current().nextLong(fullTiles);
                    int level = ThreadLocalRandom.current().nextBoolean() ? 0 : -1; // -1: the entry bundle
                    // As a Go client (tlog-tiles readers, monitors) asks: Go's HTTP client always accepts gzip.
                    return HttpRequest.newBuilder(base.resolve("/" + new TilePath(level, n, TilePath.FULL)))
                            .header("Accept-Encoding", "gzip").build();
                };
            }
            default -> throw new IllegalArgumentException("mode must be append, read, proof, append-v2 or tiles");
        };
        TimedRun.Result r = TimedRun.run(http, clients, seconds, warmup, requests, mode.startsWith("append") ? 201 : 200);
        long after = mode.equals("append-v2") || mode.equals("tiles") ? v2Size(http, base) : treeSize(http, base);
        System.out.printf(Locale.ROOT, "mode=%s clients=%d %s treeSize=%d%n", mode, clients, r.summary(), after);
    }

    static long treeSize(HttpClient http, URI base) throws Exception {
        String body = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/log")).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = TREE_SIZE.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no treeSize in /api/v1/log");
        }
        return Long.parseLong(m.group(1));
    }

    /** The v2 log's size, from its checkpoint's second line. */
    static long v2Size(HttpClient http, URI base) throws Exception {
        String note = http.send(HttpRequest.newBuilder(base.resolve("/checkpoint")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return Long.parseLong(note.split("\n", 3)[1]);
    }

    /** {@code n} unique signed hashedRekordRequestV002 bodies, as sigstore-go sends them (public-key verifier). */
    static List<String> entriesV2(int n) {
        SecureRandom random = new SecureRandom();
        EcdsaSigner signer = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, random));
        String key = StrictBase64.encode(PublicKeys.toDer(signer.publicKey()));
        long salt = random.nextLong();
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            byte[] digest = Hash.sha256(ByteBuffer.allocate(16).putLong(salt).putLong(i).array()).toByteArray();
            return "{\"hashedRekordRequestV002\":{\"digest\":\"" + StrictBase64.encode(digest)
                    + "\",\"signature\":{\"content\":\"" + StrictBase64.encode(signer.signDigest(digest))
                    + "\",\"verifier\":{\"publicKey\":{\"rawBytes\":\"" + key
                    + "\"},\"keyDetails\":\"PKIX_ECDSA_P256_SHA_256\"}}}}";
        }).toList();
    }

    /** {@code n} unique signed hashedrekord bodies, as sigstore-js sends them. */
    static List<String> entries(int n) {
        SecureRandom random = new SecureRandom();
        EcdsaSigner signer = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, random));
        String key = StrictBase64.encode(PublicKeys.toPem(signer.publicKey()).getBytes(StandardCharsets.US_ASCII));
        long salt = random.nextLong();
        return IntStream.range(0, n).parallel().mapToObj(i -> {
            byte[] digest = Hash.sha256(ByteBuffer.allocate(16).putLong(salt).putLong(i).array()).toByteArray();
            String sig = StrictBase64.encode(signer.signDigest(digest));
            return "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":\"sha256\",\"value\":\""
                    + Hex.encode(digest) + "\"}},\"signature\":{\"content\":\"" + sig
                    + "\",\"publicKey\":{\"content\":\"" + key + "\"}}}}";
        }).toList();
    }
}
