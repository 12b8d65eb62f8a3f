package dev.keyless.common.ct;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import java.io.IOException;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/**
 * Exact TLS bytes of hand-built structures. The expected hex was written out field by field from RFC 6962 §3.2–3.4
 * and the leaf hashes computed independently with Python's hashlib ({@code sha256(b"\x00" + leaf)}).
 */
class CtKnownAnswerTest {
    /** 1 700 000 000 000 ms = 2023-11-14T22:13:20Z = 0x0000018bcfe56800. */
    static final long TIMESTAMP = 1_700_000_000_000L;
    static final String TIMESTAMP_HEX = "0000018bcfe56800";
    /** Log ID 00 01 02 … 1f. */
    static final String LOG_ID_HEX = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    /** DER ECDSA-Sig-Value { r 1, s 2 }: not a real signature, only bytes to carry. */
    static final String SIGNATURE_HEX = "3006020101020102";

    static final String SCT_HEX = "00" // sct_version v1
            + LOG_ID_HEX // LogID key_id[32]
            + TIMESTAMP_HEX // uint64 timestamp
            + "0000" // CtExtensions: u16 length 0
            + "04" // HashAlgorithm sha256
            + "03" // SignatureAlgorithm ecdsa
            + "0008" + SIGNATURE_HEX; // opaque signature<0..2^16-1>: u16 length 8, DER signature

    static SignedCertificateTimestamp handBuiltSct() {
        return new SignedCertificateTimestamp(0, Hash.fromHex(LOG_ID_HEX), TIMESTAMP, new byte[0], 4, 3,
                Hex.decode(SIGNATURE_HEX));
    }

    @Test
    void encodeWhenHandBuiltSctThenExactBytes() {
        assertThat(Hex.encode(handBuiltSct().encode())).isEqualTo(SCT_HEX);
        assertThat(SignedCertificateTimestamp.parse(Hex.decode(SCT_HEX))).isEqualTo(handBuiltSct());
    }

    @Test
    void encodeWhenX509LeafThenExactBytesAndHash() {
        MerkleTreeLeaf leaf = new MerkleTreeLeaf(TIMESTAMP, new LogEntry.X509Entry(Hex.decode("3003020107")));
        String want = "00" // Version v1
                + "00" // MerkleLeafType timestamped_entry
                + TIMESTAMP_HEX // uint64 timestamp
                + "0000" // LogEntryType x509_entry
                + "000005" + "3003020107" // ASN.1Cert: u24 length 5, DER
                + "0000"; // CtExtensions: u16 length 0

        assertThat(Hex.encode(leaf.encode())).isEqualTo(want);
        assertThat(leaf.leafHash().toHex()).isEqualTo("bba902eff2d91cce110ffbe61da23036d5f597b4f87477e9c4384f1700e4ae77");
        assertThat(MerkleTreeLeaf.parse(Hex.decode(want))).isEqualTo(leaf);
    }

    @Test
    void encodeWhenPrecertLeafThenExactBytesAndHash() {
        Hash issuerKeyHash = Hash.fromHex("aa".repeat(32));
        MerkleTreeLeaf leaf = new MerkleTreeLeaf(TIMESTAMP,
                new LogEntry.PrecertEntry(issuerKeyHash, Hex.decode("30020500")));
        String want = "00" // Version v1
                + "00" // MerkleLeafType timestamped_entry
                + TIMESTAMP_HEX // uint64 timestamp
                + "0001" // LogEntryType precert_entry
                + "aa".repeat(32) // issuer_key_hash[32]
                + "000004" + "30020500" // TBSCertificate: u24 length 4, DER
                + "0000"; // CtExtensions: u16 length 0

        assertThat(Hex.encode(leaf.encode())).isEqualTo(want);
        assertThat(leaf.leafHash().toHex()).isEqualTo("c5142c80d96ee048841ca6698d316ed021bfc762e7d1eb32ad4862ed55dc74f7");
        assertThat(MerkleTreeLeaf.parse(Hex.decode(want))).isEqualTo(leaf);
    }

    @Test
    void signedDataWhenPrecertEntryThenExactBytes() {
        LogEntry entry = new LogEntry.PrecertEntry(Hash.fromHex("bb".repeat(32)), Hex.decode("3000"));
        String want = "00" // sct_version v1
                + "00" // SignatureType certificate_timestamp
                + TIMESTAMP_HEX // uint64 timestamp
                + "0001" // LogEntryType precert_entry
                + "bb".repeat(32) // issuer_key_hash
                + "000002" + "3000" // tbs_certificate
                + "0000"; // CtExtensions

        assertThat(Hex.encode(SignedCertificateTimestamp.signedData(TIMESTAMP, entry, new byte[0]))).isEqualTo(want);
    }

    @Test
    void signedDataWhenX509EntryWithExtensionsThenExactBytes() {
        LogEntry entry = new LogEntry.X509Entry(Hex.decode("3000"));
        String want = "00" + "00" + TIMESTAMP_HEX
                + "0000" // LogEntryType x509_entry
                + "000002" + "3000" // ASN.1Cert
                + "0003" + "010203"; // CtExtensions: u16 length 3

        assertThat(Hex.encode(SignedCertificateTimestamp.signedData(TIMESTAMP, entry, Hex.decode("010203"))))
                .isEqualTo(want);
    }

    @Test
    void sctListWhenOneSctThenExactTlsAndDoubleOctetStringExtension() throws IOException {
        String tls = "0039" // sct_list: u16 total length 57
                + "0037" + SCT_HEX; // SerializedSCT: u16 length 55, SCT

        assertThat(Hex.encode(SctList.encode(List.of(handBuiltSct())))).isEqualTo(tls);

        Extension extension = SctList.toExtension(List.of(handBuiltSct()));
        String want = "304b" // Extension SEQUENCE, 75 bytes
                + "060a2b06010401d679020402" // OID 1.3.6.1.4.1.11129.2.4.2 (11129 = 0xd6 0x79 base 128), no critical
                + "043d" // extnValue OCTET STRING, 61 bytes
                + "043b" // SignedCertificateTimestampList ::= OCTET STRING, 59 bytes
                + tls;
        assertThat(Hex.encode(extension.getEncoded())).isEqualTo(want);
        assertThat(SctList.fromExtensionValue(extension.getExtnValue().getOctets())).containsExactly(handBuiltSct());
    }

    @Test
    void poisonExtensionThenCriticalAsn1Null() throws IOException {
        assertThat(Hex.encode(CtOids.poisonExtension().getEncoded()))
                .isEqualTo("3013" // Extension SEQUENCE, 19 bytes
                        + "060a2b06010401d679020403" // OID 1.3.6.1.4.1.11129.2.4.3
                        + "0101ff" // critical TRUE
                        + "0402" + "0500"); // extnValue: OCTET STRING of ASN.1 NULL
        assertThat(CtOids.PRECERT_SIGNING_EKU.getId()).isEqualTo("1.3.6.1.4.1.11129.2.4.4");
        assertThat(CtOids.SCT_LIST.getId()).isEqualTo("1.3.6.1.4.1.11129.2.4.2");
    }
}
