package dev.keyless.bench;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.ValidatedEntry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * CPU cost of the per-entry work of a Rekor append, one thread: parsing the request, full hashedrekord
 * validation (PEM, algorithm policy, ECDSA P-256 verification, RFC 8785 body) and the log's signature for
 * the SET. Entries come from distinct signing keys, as with real ephemeral-key clients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RekorEntryBenchmark {
    private static final int CASES = 1024;
    private final ObjectMapper mapper = new ObjectMapper();
    private EntryTypes types;
    private EcdsaSigner logKey;
    private List<byte[]> requests;
    private int next;

    @Setup
    public void setUp() {
        types = new EntryTypes(AlgorithmPolicy.defaults());
        logKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
        requests = IntStream.range(0, CASES)
                .mapToObj(i -> TlogLoad.entries(1).get(0).getBytes(StandardCharsets.UTF_8)).toList();
    }

    private byte[] nextRequest() {
        next = (next + 1) & (CASES - 1);
        return requests.get(next);
    }

    @Benchmark
    public JsonNode parseRequest() {
        return mapper.readTree(nextRequest());
    }

    @Benchmark
    public ValidatedEntry parseAndValidate() {
        return types.validate(mapper.readTree(nextRequest()));
    }

    @Benchmark
    public byte[] signEntryTimestamp() {
        return logKey.sign(nextRequest());
    }
}
