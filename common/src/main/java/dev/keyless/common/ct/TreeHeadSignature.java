package dev.keyless.common.ct;

import dev.keyless.common.encoding.Hash;

/**
 * RFC 6962 §3.5 {@code TreeHeadSignature}, the bytes a CT log signs for a signed tree head:
 * <pre>
 * digitally-signed struct {
 *     Version version;                      // v1(0)
 *     SignatureType signature_type = tree_hash;   // 1
 *     uint64 timestamp;
 *     uint64 tree_size;
 *     opaque sha256_root_hash[32];
 * } TreeHeadSignature;
 * </pre>
 */
public final class TreeHeadSignature {
    /** §3.5 {@code SignatureType tree_hash}. */
    static final int SIGNATURE_TYPE_TREE_HASH = 1;

    private TreeHeadSignature() {
    }

    /** The signed bytes; {@code timestamp} and {@code treeSize} must be {@code >= 0}. */
    public static byte[] signedData(long timestamp, long treeSize, Hash rootHash) {
        if (rootHash == null) {
            throw new IllegalArgumentException("root hash is null");
        }
        return new TlsWriter().uint8(0).uint8(SIGNATURE_TYPE_TREE_HASH).uint64(timestamp).uint64(treeSize)
                .fixed(rootHash.toByteArray()).toByteArray();
    }
}
