package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Properties at sizes far beyond what can be materialized, up to 2^40 leaves, over {@link SparseTree}:
 * generated proofs verify, and each kind of tampering is rejected. Seeded, so failures reproduce.
 */
class MerklePropertyTest {
    private static final long MAX_SIZE = 1L << 40;
    private static final int CASES = 300;

    @Test
    void inclusionRoundTripsAtRandomSizes() {
        Random random = new Random(0x5eed1);
        for (int n = 0; n < CASES; n++) {
            long size = 1 + (long) (random.nextDouble() * MAX_SIZE);
            long index = (long) (random.nextDouble() * size);
            long other = (long) (random.nextDouble() * size);
            SparseTree tree = new SparseTree(Set.of(index, other));
            List<Hash> proof = Proofs.inclusion(index, size).resolve(tree::hash);
            Hash root = tree.root(size);
            ProofVerifier.verifyInclusion(index, size, tree.leafHash(index), proof, root);

            if (index != other) {
                // A different marked leaf is not at this position.
                assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, size, tree.leafHash(other), proof, root))
                        .isInstanceOf(RootMismatchException.class);
            }
            if (!proof.isEmpty()) {
                List<Hash> tampered = new ArrayList<>(proof);
                int at = random.nextInt(proof.size());
                tampered.set(at, Rfc6962.hashChildren(proof.get(at), proof.get(at)));
                assertThatThrownBy(() -> ProofVerifier.verifyInclusion(index, size, tree.leafHash(index), tampered, root))
                        .isInstanceOf(RootMismatchException.class);
            }
        }
    }

    @Test
    void consistencyRoundTripsAtRandomSizes() {
        Random random = new Random(0x5eed2);
        for (int n = 0; n < CASES; n++) {
            long size2 = 1 + (long) (random.nextDouble() * MAX_SIZE);
            long size1 = 1 + (long) (random.nextDouble() * size2);
            long marked = (long) (random.nextDouble() * size2);
            SparseTree tree = new SparseTree(Set.of(marked, size1 - 1));
            List<Hash> proof = Proofs.consistency(size1, size2).resolve(tree::hash);
            Hash root1 = tree.root(size1);
            Hash root2 = tree.root(size2);
            ProofVerifier.verifyConsistency(size1, size2, proof, root1, root2);
            assertThat(proof).hasSize(ProofVerifier.consistencyProofLength(size1, size2));
            if (size1 < size2) {
                // A log that rewrote the last leaf of the old tree forks: its new root cannot be proven consistent.
                SparseTree forked = new SparseTree(Set.of(marked));
                Hash forkedRoot1 = forked.root(size1);
                if (!forkedRoot1.equals(root1)) {
                    assertThatThrownBy(() -> ProofVerifier.verifyConsistency(size1, size2, proof, forkedRoot1, root2))
                            .isInstanceOf(RootMismatchException.class);
                }
            }
        }
    }

    @Test
    void planSizesAreLogarithmic() {
        Random random = new Random(0x5eed3);
        for (int n = 0; n < CASES; n++) {
            long size = 1 + (long) (random.nextDouble() * MAX_SIZE);
            long index = (long) (random.nextDouble() * size);
            ProofPlan plan = Proofs.inclusion(index, size);
            // At most one hash per level, and at most one level's worth of extra stored nodes for the border.
            assertThat(plan.size()).isLessThanOrEqualTo(41);
            assertThat(plan.nodeIds().size()).isLessThanOrEqualTo(82);
            assertThat(plan.size()).isEqualTo(ProofVerifier.inclusionProofLength(index, size));
        }
    }

    @Test
    void compactRangeNodeIdsTileTheRangeExactly() {
        Random random = new Random(0x5eed4);
        for (int n = 0; n < CASES; n++) {
            long begin = (long) (random.nextDouble() * MAX_SIZE);
            long end = begin + (long) (random.nextDouble() * MAX_SIZE);
            long pos = begin;
            for (NodeId id : CompactRange.rangeNodeIds(begin, end)) {
                assertThat(id.begin()).isEqualTo(pos);
                pos = id.end();
            }
            assertThat(pos).isEqualTo(end);
        }
    }
}
