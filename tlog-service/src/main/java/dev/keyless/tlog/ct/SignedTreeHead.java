package dev.keyless.tlog.ct;

import dev.keyless.common.ct.TreeHeadSignature;
import dev.keyless.common.encoding.Hash;

/**
 * RFC 6962 §4.3 get-sth response content.
 *
 * @param treeHeadSignature the TLS {@code DigitallySigned} over {@link #signedData}
 */
public record SignedTreeHead(long treeSize, long timestamp, Hash rootHash, byte[] treeHeadSignature) {
    /** §3.5 {@code TreeHeadSignature}, the bytes {@code treeHeadSignature} signs. */
    public static byte[] signedData(long timestamp, long treeSize, Hash rootHash) {
        return TreeHeadSignature.signedData(timestamp, treeSize, rootHash);
    }

    @Override
    public byte[] treeHeadSignature() {
        return treeHeadSignature.clone();
    }
}
