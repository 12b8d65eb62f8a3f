package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Digests;
import dev.keyless.common.encoding.Hash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A deliberately naive RFC 6962 §2.1 implementation: MTH, PATH and SUBPROOF written as the RFC's recursive
 * definitions over the list of leaf hashes, with its own SHA-256 calls. It shares no code with the production
 * classes, so agreement between the two is evidence for both. MTH of a range is memoized only to keep the
 * exhaustive differential tests fast; the recursion itself is the RFC's.
 */
final class ReferenceMerkle {
    private final List<Hash> leaves;
    private final Map<Long, Hash> memo = new HashMap<>();

    ReferenceMerkle(List<Hash> leaves) {
        this.leaves = leaves;
    }

    static Hash leafHash(byte[] data) {
        MessageDigest md = Digests.sha256();
        md.update((byte) 0);
        md.update(data);
        return Hash.of(md.digest());
    }

    static Hash nodeHash(Hash left, Hash right) {
        MessageDigest md = Digests.sha256();
        md.update((byte) 1);
        md.update(left.toByteArray());
        md.update(right.toByteArray());
        return Hash.of(md.digest());
    }

    private static int k(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    /** MTH(D[lo:hi]). */
    Hash mth(int lo, int hi) {
        long key = ((long) lo << 32) | hi;
        Hash cached = memo.get(key);
        if (cached != null) {
            return cached;
        }
        Hash result;
        int n = hi - lo;
        if (n == 0) {
            result = Hash.sha256(new byte[0]);
        } else if (n == 1) {
            result = leaves.get(lo);
        } else {
            int k = k(n);
            result = nodeHash(mth(lo, lo + k), mth(lo + k, hi));
        }
        memo.put(key, result);
        return result;
    }

    /** PATH(m, D[lo:hi]) with m relative to lo. */
    List<Hash> path(int m, int lo, int hi) {
        int n = hi - lo;
        if (n <= 1) {
            return new ArrayList<>();
        }
        int k = k(n);
        List<Hash> p;
        if (m < k) {
            p = path(m, lo, lo + k);
            p.add(mth(lo + k, hi));
        } else {
            p = path(m - k, lo + k, hi);
            p.add(mth(lo, lo + k));
        }
        return p;
    }

    /** SUBPROOF(m, D[lo:hi], b) with m relative to lo. */
    List<Hash> subproof(int m, int lo, int hi, boolean b) {
        int n = hi - lo;
        if (m == n) {
            List<Hash> p = new ArrayList<>();
            if (!b) {
                p.add(mth(lo, hi));
            }
            return p;
        }
        int k = k(n);
        List<Hash> p;
        if (m <= k) {
            p = subproof(m, lo, lo + k, b);
            p.add(mth(lo + k, hi));
        } else {
            p = subproof(m - k, lo + k, hi, false);
            p.add(mth(lo, lo + k));
        }
        return p;
    }

    List<Hash> inclusionProof(int index, int size) {
        return path(index, 0, size);
    }

    /** PROOF(m, D[n]); empty for m == n (RFC 6962 §2.1.2 defines m < n; equal sizes need no proof). */
    List<Hash> consistencyProof(int size1, int size2) {
        return size1 == size2 ? new ArrayList<>() : subproof(size1, 0, size2, true);
    }
}
