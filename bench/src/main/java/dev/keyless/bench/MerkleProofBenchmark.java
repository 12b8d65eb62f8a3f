package dev.keyless.bench;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.NodeId;
import dev.keyless.common.merkle.ProofPlan;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.common.merkle.Proofs;
import dev.keyless.common.merkle.SparseTree;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Proof generation (planning plus hash lookup, including the right-border fold) and verification at tree
 * sizes 2^10, 2^20 and 2^40. Node hashes come from a precomputed map, standing in for a store that has
 * already fetched them, so the figures isolate the proof math from I/O.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MerkleProofBenchmark {
    private static final int CASES = 64;

    @Param({"10", "20", "40"})
    public int log2Size;

    private long size;
    private long[] indexes;
    private long[] oldSizes;
    private Map<NodeId, Hash> nodes;
    private Hash[] leafHashes;
    private List<Hash>[] inclusionProofs;
    private List<Hash>[] consistencyProofs;
    private Hash[] oldRoots;
    private Hash root;
    private int next;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        // Size 2^k - 3 so every proof has an unfinished right border to fold.
        size = (1L << log2Size) - 3;
        Random random = new Random(42);
        indexes = new long[CASES];
        oldSizes = new long[CASES];
        Set<Long> marked = new HashSet<>();
        for (int i = 0; i < CASES; i++) {
            indexes[i] = (long) (random.nextDouble() * size);
            oldSizes[i] = 1 + (long) (random.nextDouble() * (size - 1));
            marked.add(indexes[i]);
            marked.add(oldSizes[i] - 1);
        }
        SparseTree tree = new SparseTree(marked);
        nodes = new HashMap<>();
        leafHashes = new Hash[CASES];
        inclusionProofs = new List[CASES];
        consistencyProofs = new List[CASES];
        oldRoots = new Hash[CASES];
        for (int i = 0; i < CASES; i++) {
            for (NodeId id : Proofs.inclusion(indexes[i], size).nodeIds()) {
                nodes.put(id, tree.hash(id));
            }
            for (NodeId id : Proofs.consistency(oldSizes[i], size).nodeIds()) {
                nodes.put(id, tree.hash(id));
            }
            leafHashes[i] = tree.leafHash(indexes[i]);
            inclusionProofs[i] = Proofs.inclusion(indexes[i], size).resolve(nodes::get);
            consistencyProofs[i] = Proofs.consistency(oldSizes[i], size).resolve(nodes::get);
            oldRoots[i] = tree.root(oldSizes[i]);
        }
        root = tree.root(size);
    }

    private int nextCase() {
        next = (next + 1) & (CASES - 1);
        return next;
    }

    @Benchmark
    public List<Hash> inclusionGenerate() {
        int i = nextCase();
        ProofPlan plan = Proofs.inclusion(indexes[i], size);
        return plan.resolve(nodes::get);
    }

    @Benchmark
    public Hash inclusionVerify() {
        int i = nextCase();
        ProofVerifier.verifyInclusion(indexes[i], size, leafHashes[i], inclusionProofs[i], root);
        return root;
    }

    @Benchmark
    public List<Hash> consistencyGenerate() {
        int i = nextCase();
        return Proofs.consistency(oldSizes[i], size).resolve(nodes::get);
    }

    @Benchmark
    public Hash consistencyVerify() {
        int i = nextCase();
        ProofVerifier.verifyConsistency(oldSizes[i], size, consistencyProofs[i], oldRoots[i], root);
        return root;
    }
}
