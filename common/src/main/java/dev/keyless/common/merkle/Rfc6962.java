package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Digests;
import dev.keyless.common.encoding.Hash;
import java.security.MessageDigest;

/**
 * RFC 6962 §2.1 Merkle tree hashing with SHA-256. Domain separation is the whole job of this class:
 * leaves are hashed as {@code SHA-256(0x00 || data)}, interior nodes as {@code SHA-256(0x01 || left || right)},
 * so a leaf can never be passed off as a node (second-preimage resistance).
 */
public final class Rfc6962 {
    static final byte LEAF_PREFIX = 0x00;
    static final byte NODE_PREFIX = 0x01;

    /** MTH({}) = SHA-256 of the empty string (RFC 6962 §2.1). */
    public static final Hash EMPTY_ROOT = Hash.sha256(new byte[0]);

    // MessageDigest is not thread-safe and costly to look up; one per thread keeps hashing allocation-light.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Digests::sha256);

    private Rfc6962() {
    }

    /** The leaf hash of {@code data}: SHA-256(0x00 || data). */
    public static Hash hashLeaf(byte[] data) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(LEAF_PREFIX);
        md.update(data);
        return Hash.fromDigest(md);
    }

    /** The interior node hash of two children: SHA-256(0x01 || left || right). */
    public static Hash hashChildren(Hash left, Hash right) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(NODE_PREFIX);
        left.updateDigest(md);
        right.updateDigest(md);
        return Hash.fromDigest(md);
    }
}
