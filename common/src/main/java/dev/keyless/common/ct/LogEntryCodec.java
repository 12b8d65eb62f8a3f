package dev.keyless.common.ct;

import dev.keyless.common.encoding.Hash;

/** TLS encoding of a {@link LogEntry}; shared by {@link MerkleTreeLeaf} and {@link SignedCertificateTimestamp}. */
final class LogEntryCodec {
    private LogEntryCodec() {
    }

    /** Writes {@code entry_type} and the selected body, the common prefix of §3.2 signed data and §3.4 leaves. */
    static void write(LogEntry entry, TlsWriter out) {
        out.uint16(entry.type().code());
        switch (entry) {
            case LogEntry.X509Entry x -> out.opaque(3, 1, TlsWriter.MAX_U24, x.certificate(), "certificate");
            case LogEntry.PrecertEntry p -> out.fixed(p.issuerKeyHash().toByteArray())
                    .opaque(3, 1, TlsWriter.MAX_U24, p.tbsCertificate(), "tbs certificate");
        }
    }

    /** Reads what {@link #write} writes. */
    static LogEntry read(TlsReader in) {
        LogEntryType type = LogEntryType.fromCode(in.uint16("entry_type"));
        return switch (type) {
            case X509_ENTRY -> new LogEntry.X509Entry(in.opaque(3, 1, TlsWriter.MAX_U24, "certificate"));
            case PRECERT_ENTRY -> new LogEntry.PrecertEntry(Hash.of(in.fixed(Hash.SIZE, "issuer_key_hash")),
                    in.opaque(3, 1, TlsWriter.MAX_U24, "tbs_certificate"));
        };
    }
}
