package dev.keyless.tlog.ct;

import dev.keyless.common.encoding.Hash;

/**
 * RFC 6962 §4.3 get-sth response content.
 *
 * @param treeHeadSignature the TLS {@code DigitallySigned} over {@link #signedData}
 */
public record SignedTreeHead(long treeSize, long timestamp, Hash rootHash, byte[] treeHeadSignature) {
    /** §3.5 {@code SignatureType tree_hash}. */
    static final int SIGNATURE_TYPE_TREE_HASH = 1;

    /**
     * §3.5 {@code TreeHeadSignature}: version v1(0) ‖ signature_type tree_hash(1) ‖ uint64 timestamp ‖ uint64
     * tree_size ‖ opaque sha256_root_hash[32].
     */
    public static byte[] signedData(long timestamp, long treeSize, Hash rootHash) {
        return new Tls().uint8(0).uint8(SIGNATURE_TYPE_TREE_HASH).uint64(timestamp).uint64(treeSize)
                .fixed(rootHash.toByteArray()).toByteArray();
    }

    @Override
    public byte[] treeHeadSignature() {
        return treeHeadSignature.clone();
    }
}
