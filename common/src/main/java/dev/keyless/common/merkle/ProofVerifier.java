package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.util.List;

/**
 * Verification of RFC 6962 proofs using the algorithms of RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
 * (consistency). Every input is checked before any hashing, with got/want messages; a well-formed proof that
 * computes a different root fails with {@link RootMismatchException}.
 */
public final class ProofVerifier {
    private ProofVerifier() {
    }

    /** Verifies that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves with {@code root}. */
    public static void verifyInclusion(long index, long size, Hash leafHash, List<Hash> proof, Hash root) {
        requireNonNull(root, "root");
        Hash calculated = rootFromInclusionProof(index, size, leafHash, proof);
        if (!calculated.equals(root)) {
            throw new RootMismatchException(root, calculated);
        }
    }

    /** Computes the root that an inclusion proof implies. Requires {@code 0 <= index < size}. */
    public static Hash rootFromInclusionProof(long index, long size, Hash leafHash, List<Hash> proof) {
        if (index < 0 || size < 0 || index >= size) {
            throw new MerkleException("index " + index + " out of range for tree size " + size + ", want 0 <= index < size");
        }
        requireNonNull(leafHash, "leaf hash");
        requireProof(proof);
        int want = inclusionProofLength(index, size);
        if (proof.size() != want) {
            throw new MerkleException("inclusion proof has " + proof.size() + " hashes, want " + want);
        }
        long fn = index;
        long sn = size - 1;
        Hash r = leafHash;
        for (Hash p : proof) {
            if ((fn & 1) == 1 || fn == sn) {
                r = Rfc6962.hashChildren(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                r = Rfc6962.hashChildren(r, p);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        // The length check above guarantees the walk ends at the root; this guards the invariant.
        if (sn != 0) {
            throw new IllegalStateException("inclusion walk ended at sn=" + sn + " for index " + index + ", size " + size);
        }
        return r;
    }

    /**
     * Verifies that the tree of {@code size2} leaves with {@code root2} extends the tree of {@code size1} leaves
     * with {@code root1}. Requires {@code 0 < size1 <= size2} (RFC 9162 defines no proof from the empty tree).
     */
    public static void verifyConsistency(long size1, long size2, List<Hash> proof, Hash root1, Hash root2) {
        if (size1 <= 0 || size2 < size1) {
            throw new MerkleException("sizes " + size1 + ", " + size2 + " are invalid, want 0 < size1 <= size2");
        }
        requireNonNull(root1, "root1");
        requireNonNull(root2, "root2");
        requireProof(proof);
        int want = consistencyProofLength(size1, size2);
        if (proof.size() != want) {
            throw new MerkleException("consistency proof has " + proof.size() + " hashes, want " + want);
        }
        if (size1 == size2) {
            if (!root1.equals(root2)) {
                throw new RootMismatchException(root1, root2);
            }
            return;
        }
        long fn = size1 - 1;
        long sn = size2 - 1;
        int next = 0;
        Hash fr;
        // When size1 is a power of two the old root is itself a node of the new tree and is not sent.
        if (Long.bitCount(size1) == 1) {
            fr = root1;
        } else {
            fr = proof.get(next++);
        }
        Hash sr = fr;
        while ((fn & 1) == 1) {
            fn >>>= 1;
            sn >>>= 1;
        }
        for (; next < proof.size(); next++) {
            Hash c = proof.get(next);
            if ((fn & 1) == 1 || fn == sn) {
                fr = Rfc6962.hashChildren(c, fr);
                sr = Rfc6962.hashChildren(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>>= 1;
                    sn >>>= 1;
                }
            } else {
                sr = Rfc6962.hashChildren(sr, c);
            }
            fn >>>= 1;
            sn >>>= 1;
        }
        if (sn != 0) {
            throw new IllegalStateException("consistency walk ended at sn=" + sn + " for sizes " + size1 + ", " + size2);
        }
        if (!fr.equals(root1)) {
            throw new RootMismatchException(root1, fr);
        }
        if (!sr.equals(root2)) {
            throw new RootMismatchException(root2, sr);
        }
    }

    /** Hash count of an inclusion proof: bitlen(index XOR (size-1)) inner nodes plus the border nodes above. */
    public static int inclusionProofLength(long index, long size) {
        int inner = 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
        return inner + Long.bitCount(index >>> inner);
    }

    /**
     * Hash count of a consistency proof: the inclusion proof, in the tree of {@code size2}, of the largest
     * perfect node ending at {@code size1}, plus that node itself unless it is the old root (size1 a power of two).
     */
    public static int consistencyProofLength(long size1, long size2) {
        if (size1 == size2) {
            return 0;
        }
        int level = Long.numberOfTrailingZeros(size1);
        long index = (size1 - 1) >>> level;
        int inner = 64 - Long.numberOfLeadingZeros(index ^ ((size2 - 1) >>> level));
        int border = Long.bitCount(index >>> inner);
        return inner + border + (index == 0 ? 0 : 1);
    }

    private static void requireNonNull(Hash h, String what) {
        if (h == null) {
            throw new MerkleException(what + " is null, want a 32-byte hash");
        }
    }

    private static void requireProof(List<Hash> proof) {
        if (proof == null) {
            throw new MerkleException("proof is null");
        }
        for (int i = 0; i < proof.size(); i++) {
            if (proof.get(i) == null) {
                throw new MerkleException("proof hash " + i + " is null");
            }
        }
    }
}
