package dev.keyless.common.merkle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every precondition fails before any hashing, with a got/want message. */
class MerkleValidationTest {
    private static final Hash H = Rfc6962.hashLeaf(new byte[] {1});

    @Test
    void inclusionRejectsOutOfRangeArguments() {
        assertThatThrownBy(() -> Proofs.inclusion(5, 5)).hasMessage("index 5 out of range for tree size 5, want 0 <= index < size");
        assertThatThrownBy(() -> Proofs.inclusion(-1, 5)).isInstanceOf(MerkleException.class);
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 0, H, List.of(), H)).isInstanceOf(MerkleException.class);
    }

    @Test
    void inclusionRejectsWrongProofLength() {
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 4, H, List.of(H), H))
                .hasMessage("inclusion proof has 1 hashes, want 2");
    }

    @Test
    void nullsAreRejectedWithNamedArgument() {
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 1, null, List.of(), H)).hasMessageContaining("leaf hash is null");
        assertThatThrownBy(() -> ProofVerifier.verifyInclusion(0, 2, H, Arrays.asList((Hash) null), H))
                .hasMessage("proof hash 0 is null");
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(1, 1, null, H, H)).hasMessage("proof is null");
    }

    @Test
    void consistencyRejectsInvalidSizes() {
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(0, 3, List.of(), H, H))
                .hasMessage("sizes 0, 3 are invalid, want 0 < size1 <= size2");
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(4, 3, List.of(), H, H)).isInstanceOf(MerkleException.class);
        assertThatThrownBy(() -> Proofs.consistency(4, 3)).hasMessageContaining("want 0 <= size1 <= size2");
        assertThat(Proofs.consistency(0, 3).size()).isZero();
        assertThat(Proofs.consistency(3, 3).size()).isZero();
    }

    @Test
    void equalSizesNeedEqualRootsAndNoProof() {
        ProofVerifier.verifyConsistency(3, 3, List.of(), H, H);
        Hash other = Rfc6962.hashLeaf(new byte[] {2});
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(3, 3, List.of(), H, other))
                .isInstanceOf(RootMismatchException.class)
                .satisfies(e -> assertThat(((RootMismatchException) e).calculatedRoot()).isEqualTo(other));
        assertThatThrownBy(() -> ProofVerifier.verifyConsistency(3, 3, List.of(H), H, H))
                .hasMessage("consistency proof has 1 hashes, want 0");
    }

    @Test
    void compactRangeRejectsWrongHashCount() {
        assertThatThrownBy(() -> CompactRange.of(3, List.of(H))).hasMessage("compact range of size 3 has 1 hashes, want 2");
        assertThatThrownBy(() -> CompactRange.of(-1, List.of())).hasMessageContaining("negative");
        List<Hash> withNull = new ArrayList<>();
        withNull.add(null);
        assertThatThrownBy(() -> CompactRange.of(1, withNull)).hasMessageContaining("null");
    }

    @Test
    void nodeIdRejectsImpossibleNodes() {
        assertThatThrownBy(() -> new NodeId(-1, 0)).hasMessageContaining("level -1");
        assertThatThrownBy(() -> new NodeId(63, 0)).hasMessageContaining("level 63");
        assertThatThrownBy(() -> new NodeId(0, -1)).hasMessageContaining("negative");
        assertThatThrownBy(() -> new NodeId(62, 1)).hasMessageContaining("beyond");
        assertThat(new NodeId(3, 5).begin()).isEqualTo(40);
        assertThat(new NodeId(3, 5).end()).isEqualTo(48);
        assertThat(new NodeId(3, 5).parent()).isEqualTo(new NodeId(4, 2));
        assertThat(new NodeId(3, 5).sibling()).isEqualTo(new NodeId(3, 4));
    }

    @Test
    void resolveRejectsMissingHashes() {
        assertThatThrownBy(() -> Proofs.inclusion(0, 2).resolve(id -> null)).hasMessage("no hash for node (0,1)");
    }
}
