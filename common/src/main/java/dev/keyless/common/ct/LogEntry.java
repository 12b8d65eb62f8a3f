package dev.keyless.common.ct;

import dev.keyless.common.encoding.Hash;
import java.util.Arrays;

/**
 * The {@code select(entry_type)} part of an RFC 6962 entry: what both the {@code TimestampedEntry} of a
 * {@link MerkleTreeLeaf} (§3.4) and the signed data of an SCT (§3.2) cover. Byte arrays are copied in and out,
 * and the records compare by content.
 */
public sealed interface LogEntry {
    /** The entry type this variant encodes as. */
    LogEntryType type();

    /** §3.1 {@code x509_entry}: {@code opaque ASN.1Cert<1..2^24-1>}, the DER of a final certificate. */
    record X509Entry(byte[] certificate) implements LogEntry {
        public X509Entry {
            if (certificate == null) {
                throw new IllegalArgumentException("certificate is null, want 1.." + TlsWriter.MAX_U24 + " bytes");
            }
            TlsWriter.checkLength(certificate.length, 1, TlsWriter.MAX_U24, "certificate");
            certificate = certificate.clone();
        }

        @Override
        public LogEntryType type() {
            return LogEntryType.X509_ENTRY;
        }

        @Override
        public byte[] certificate() {
            return certificate.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof X509Entry other && Arrays.equals(certificate, other.certificate);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(certificate);
        }

        @Override
        public String toString() {
            return "X509Entry[certificate=" + certificate.length + " bytes]";
        }
    }

    /**
     * §3.2 {@code PreCert { opaque issuer_key_hash[32]; TBSCertificate tbs_certificate; }} where the TBS is
     * {@code opaque<1..2^24-1>}: SHA-256 of the issuer's DER SubjectPublicKeyInfo and the DER TBSCertificate
     * without the poison (equivalently, the final certificate's TBS without the SCT list).
     */
    record PrecertEntry(Hash issuerKeyHash, byte[] tbsCertificate) implements LogEntry {
        public PrecertEntry {
            if (issuerKeyHash == null) {
                throw new IllegalArgumentException("issuer key hash is null, want " + Hash.SIZE + " bytes");
            }
            if (tbsCertificate == null) {
                throw new IllegalArgumentException("tbs certificate is null, want 1.." + TlsWriter.MAX_U24 + " bytes");
            }
            TlsWriter.checkLength(tbsCertificate.length, 1, TlsWriter.MAX_U24, "tbs certificate");
            tbsCertificate = tbsCertificate.clone();
        }

        @Override
        public LogEntryType type() {
            return LogEntryType.PRECERT_ENTRY;
        }

        @Override
        public byte[] tbsCertificate() {
            return tbsCertificate.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PrecertEntry other && issuerKeyHash.equals(other.issuerKeyHash)
                    && Arrays.equals(tbsCertificate, other.tbsCertificate);
        }

        @Override
        public int hashCode() {
            return 31 * issuerKeyHash.hashCode() + Arrays.hashCode(tbsCertificate);
        }

        @Override
        public String toString() {
            return "PrecertEntry[issuerKeyHash=" + issuerKeyHash + ", tbsCertificate=" + tbsCertificate.length
                    + " bytes, sha256=" + Hash.sha256(tbsCertificate).toHex().substring(0, 16) + "]";
        }
    }
}
