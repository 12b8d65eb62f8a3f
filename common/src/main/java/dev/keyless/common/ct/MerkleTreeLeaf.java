package dev.keyless.common.ct;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Rfc6962;
import java.util.Arrays;

/**
 * RFC 6962 §3.4 {@code MerkleTreeLeaf}, the bytes a CT log hashes into its tree:
 * <pre>
 * struct {
 *     Version version;                  // v1(0), uint8
 *     MerkleLeafType leaf_type;         // timestamped_entry(0), uint8
 *     struct {
 *         uint64 timestamp;             // milliseconds since the epoch, the SCT's timestamp
 *         LogEntryType entry_type;      // uint16
 *         select (entry_type) {
 *             case x509_entry: ASN.1Cert;             // opaque<1..2^24-1>
 *             case precert_entry: PreCert;            // opaque[32] ‖ opaque<1..2^24-1>
 *         } signed_entry;
 *         CtExtensions extensions;      // opaque<0..2^16-1>
 *     } timestamped_entry;
 * } MerkleTreeLeaf;
 * </pre>
 * The log's leaf hash is {@link Rfc6962#hashLeaf} of {@link #encode()} (§2.1). The timestamp and extensions must
 * be those of the SCT the log issued for the entry, so that a client can recompute the leaf from the SCT (§3.4).
 *
 * @param timestamp milliseconds since the epoch, {@code >= 0}
 * @param entry the x509 or precert entry
 * @param extensions {@code CtExtensions}; empty in RFC 6962 v1
 */
public record MerkleTreeLeaf(long timestamp, LogEntry entry, byte[] extensions) {
    /** §3.4 {@code Version v1}. */
    public static final int VERSION_V1 = 0;
    /** §3.4 {@code MerkleLeafType timestamped_entry}. */
    public static final int LEAF_TYPE_TIMESTAMPED_ENTRY = 0;

    private static final byte[] NO_EXTENSIONS = new byte[0];

    public MerkleTreeLeaf {
        if (timestamp < 0) {
            throw new IllegalArgumentException("timestamp is " + timestamp + ", want >= 0");
        }
        if (entry == null) {
            throw new IllegalArgumentException("entry is null, want an x509 or precert entry");
        }
        extensions = checkExtensions(extensions);
    }

    /** A leaf without CtExtensions, the only form RFC 6962 v1 logs produce. */
    public MerkleTreeLeaf(long timestamp, LogEntry entry) {
        this(timestamp, entry, NO_EXTENSIONS);
    }

    /** The leaf of the entry an SCT was issued for: the same timestamp and extensions (§3.4). */
    public static MerkleTreeLeaf of(SignedCertificateTimestamp sct, LogEntry entry) {
        return new MerkleTreeLeaf(sct.timestamp(), entry, sct.extensions());
    }

    /** The TLS encoding. */
    public byte[] encode() {
        TlsWriter out = new TlsWriter().uint8(VERSION_V1).uint8(LEAF_TYPE_TIMESTAMPED_ENTRY).uint64(timestamp);
        LogEntryCodec.write(entry, out);
        return out.opaque(2, 0, TlsWriter.MAX_U16, extensions, "extensions").toByteArray();
    }

    /** SHA-256(0x00 ‖ {@link #encode()}), the RFC 6962 §2.1 leaf hash. */
    public Hash leafHash() {
        return Rfc6962.hashLeaf(encode());
    }

    /**
     * Strict inverse of {@link #encode()}.
     *
     * @throws CtParseException if the bytes are truncated, have trailing bytes, a version or leaf type other than 0,
     *     an unknown entry type or a length outside its bound
     */
    public static MerkleTreeLeaf parse(byte[] encoded) {
        if (encoded == null) {
            throw new CtParseException("merkle tree leaf is null, want bytes");
        }
        TlsReader in = new TlsReader(encoded);
        int version = in.uint8("version");
        if (version != VERSION_V1) {
            throw new CtParseException("version is " + version + ", want " + VERSION_V1 + " (v1)");
        }
        int leafType = in.uint8("leaf_type");
        if (leafType != LEAF_TYPE_TIMESTAMPED_ENTRY) {
            throw new CtParseException("leaf_type is " + leafType + ", want " + LEAF_TYPE_TIMESTAMPED_ENTRY
                    + " (timestamped_entry)");
        }
        long timestamp = in.uint64("timestamp");
        LogEntry entry = LogEntryCodec.read(in);
        byte[] extensions = in.opaque(2, 0, TlsWriter.MAX_U16, "extensions");
        in.requireEnd("merkle tree leaf");
        return new MerkleTreeLeaf(timestamp, entry, extensions);
    }

    @Override
    public byte[] extensions() {
        return extensions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MerkleTreeLeaf other && timestamp == other.timestamp && entry.equals(other.entry)
                && Arrays.equals(extensions, other.extensions);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(timestamp) * 31 + entry.hashCode()) * 31 + Arrays.hashCode(extensions);
    }

    @Override
    public String toString() {
        return "MerkleTreeLeaf[timestamp=" + timestamp + ", entry=" + entry + ", extensions=" + extensions.length
                + " bytes]";
    }

    static byte[] checkExtensions(byte[] extensions) {
        if (extensions == null) {
            throw new IllegalArgumentException("extensions is null, want 0.." + TlsWriter.MAX_U16 + " bytes");
        }
        TlsWriter.checkLength(extensions.length, 0, TlsWriter.MAX_U16, "extensions");
        return extensions.clone();
    }
}
