package dev.keyless.common.merkle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Proof planning (RFC 6962 §2.1.1 PATH and §2.1.2 SUBPROOF): which nodes an inclusion or consistency proof
 * consists of. Pure: no hashing, no I/O. Both walk down from the root of the tree, as the RFC's recursion
 * does, collecting the sibling subtree at each split; the list is reversed at the end into leaf-to-root order.
 */
public final class Proofs {
    private Proofs() {
    }

    /**
     * The audit path for leaf {@code index} in the tree of {@code size} leaves.
     * Requires {@code 0 <= index < size}.
     */
    public static ProofPlan inclusion(long index, long size) {
        if (index < 0 || size < 0 || index >= size) {
            throw new MerkleException("index " + index + " out of range for tree size " + size + ", want 0 <= index < size");
        }
        List<List<NodeId>> out = new ArrayList<>();
        long lo = 0;
        long hi = size;
        while (hi - lo > 1) {
            long k = Long.highestOneBit(hi - lo - 1); // largest power of two < hi - lo
            if (index < lo + k) {
                out.add(CompactRange.rangeNodeIds(lo + k, hi));
                hi = lo + k;
            } else {
                out.add(CompactRange.rangeNodeIds(lo, lo + k));
                lo += k;
            }
        }
        Collections.reverse(out);
        return new ProofPlan(out);
    }

    /**
     * The consistency proof between trees of {@code size1} and {@code size2} leaves.
     * Requires {@code 0 <= size1 <= size2}; empty when {@code size1} is 0 or equals {@code size2}.
     */
    public static ProofPlan consistency(long size1, long size2) {
        if (size1 < 0 || size2 < size1) {
            throw new MerkleException("sizes " + size1 + ", " + size2 + " are invalid, want 0 <= size1 <= size2");
        }
        List<List<NodeId>> out = new ArrayList<>();
        if (size1 == 0 || size1 == size2) {
            return new ProofPlan(out);
        }
        long lo = 0;
        long hi = size2;
        // True while [lo, hi) is still on the path of the original size1 boundary from the root's left edge:
        // the RFC's "b" flag. The old root is known to the verifier only in that case.
        boolean knownToVerifier = true;
        while (true) {
            if (size1 == hi) {
                if (!knownToVerifier) {
                    out.add(CompactRange.rangeNodeIds(lo, hi));
                }
                break;
            }
            long k = Long.highestOneBit(hi - lo - 1);
            if (size1 <= lo + k) {
                out.add(CompactRange.rangeNodeIds(lo + k, hi));
                hi = lo + k;
            } else {
                out.add(CompactRange.rangeNodeIds(lo, lo + k));
                lo += k;
                knownToVerifier = false;
            }
        }
        Collections.reverse(out);
        return new ProofPlan(out);
    }

    /** The nodes whose right-border fold is the root of the tree of {@code size} leaves. */
    public static List<NodeId> root(long size) {
        if (size < 0) {
            throw new MerkleException("size " + size + " is negative, want >= 0");
        }
        return CompactRange.nodeIds(size);
    }
}
