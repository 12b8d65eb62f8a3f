package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.encoding.Hash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the fast code against {@link ReferenceMerkle} for every tree size up to {@value #MAX}, every leaf
 * index and every pair of sizes.
 */
class MerkleDifferentialTest {
    static final int MAX = 260;
    static List<Hash> leaves;
    static ReferenceMerkle reference;
    static MemoryNodeStore store;

    @BeforeAll
    static void buildTree() {
        leaves = new ArrayList<>();
        for (int i = 0; i < MAX; i++) {
            leaves.add(Rfc6962.hashLeaf(ByteBuffer.allocate(4).putInt(i).array()));
        }
        reference = new ReferenceMerkle(leaves);
        store = MemoryNodeStore.of(leaves);
    }

    @Test
    void rootsMatchReferenceAtEverySize() {
        CompactRange range = CompactRange.empty();
        for (int size = 0; size <= MAX; size++) {
            Hash want = reference.mth(0, size);
            assertThat(range.root()).as("compact range root at %d", size).isEqualTo(want);
            assertThat(store.root(size)).as("stored-node root at %d", size).isEqualTo(want);
            // A range rebuilt from its stored nodes, as after a restart, has the same root.
            List<Hash> stored = CompactRange.nodeIds(size).stream().map(store::get).toList();
            assertThat(CompactRange.of(size, stored).root()).isEqualTo(want);
            if (size < MAX) {
                range.append(leaves.get(size));
            }
        }
    }

    @Test
    void inclusionProofsMatchReferenceForEveryIndex() {
        for (int size = 1; size <= MAX; size++) {
            Hash root = reference.mth(0, size);
            for (int index = 0; index < size; index++) {
                ProofPlan plan = Proofs.inclusion(index, size);
                List<Hash> proof = plan.resolve(store::get);
                assertThat(proof).as("inclusion %d of %d", index, size).isEqualTo(reference.inclusionProof(index, size));
                assertThat(ProofVerifier.inclusionProofLength(index, size)).isEqualTo(plan.size());
                ProofVerifier.verifyInclusion(index, size, leaves.get(index), proof, root);
            }
        }
    }

    @Test
    void consistencyProofsMatchReferenceForEveryPairOfSizes() {
        for (int size2 = 1; size2 <= MAX; size2++) {
            Hash root2 = reference.mth(0, size2);
            for (int size1 = 1; size1 <= size2; size1++) {
                ProofPlan plan = Proofs.consistency(size1, size2);
                List<Hash> proof = plan.resolve(store::get);
                assertThat(proof).as("consistency %d to %d", size1, size2)
                        .isEqualTo(reference.consistencyProof(size1, size2));
                assertThat(ProofVerifier.consistencyProofLength(size1, size2)).isEqualTo(plan.size());
                ProofVerifier.verifyConsistency(size1, size2, proof, reference.mth(0, size1), root2);
            }
        }
    }

    @Test
    void appendVisitsEveryPerfectNodeExactlyOnce() {
        // MemoryNodeStore fails on a second visit; here count what a tree of MAX leaves must hold.
        long want = 0;
        for (int level = 0; (1 << level) <= MAX; level++) {
            want += MAX >> level;
        }
        assertThat(store.nodes).hasSize((int) want);
    }
}
