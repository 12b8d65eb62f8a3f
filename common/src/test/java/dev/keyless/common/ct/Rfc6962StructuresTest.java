package dev.keyless.common.ct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The RFC 6962 structures common owns beside the SCT and the Merkle leaf: {@code DigitallySigned} (RFC 5246 §4.7),
 * {@code TreeHeadSignature} (§3.5) and the chain entries of {@code extra_data} (§4.6). Known answers are written out
 * by hand from the RFCs' struct definitions; each negative vector is one mutation of a valid encoding.
 */
class Rfc6962StructuresTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void digitallySignedKnownAnswer() {
        DigitallySigned d = DigitallySigned.ecdsaSha256(HEX.parseHex("3006020101020102"));
        // hash sha256(4), signature ecdsa(3), uint16 length 8, the DER signature
        assertThat(HEX.formatHex(d.encode())).isEqualTo("040300083006020101020102");
        assertThat(DigitallySigned.parse(HEX.parseHex("040300083006020101020102"))).isEqualTo(d);
    }

    @Test
    void digitallySignedMutationsAreRefused() {
        assertThatThrownBy(() -> DigitallySigned.parse(HEX.parseHex("0403000930060201010201"))).isInstanceOf(CtParseException.class)
                .as("length prefix one too long");
        assertThatThrownBy(() -> DigitallySigned.parse(HEX.parseHex("04030008300602010102010200"))).isInstanceOf(CtParseException.class)
                .as("a trailing byte");
        assertThatThrownBy(() -> DigitallySigned.parse(HEX.parseHex("0403"))).isInstanceOf(CtParseException.class).as("no length");
        assertThatThrownBy(() -> DigitallySigned.parse(null)).isInstanceOf(CtParseException.class);
        assertThatThrownBy(() -> new DigitallySigned(256, 3, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DigitallySigned.ecdsaSha256(new byte[1 << 16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void digitallySignedRoundTripsAndTheSctUsesIt() {
        Random random = new Random(6962);
        for (int i = 0; i < 500; i++) {
            byte[] sig = new byte[random.nextInt(200)];
            random.nextBytes(sig);
            DigitallySigned d = new DigitallySigned(random.nextInt(256), random.nextInt(256), sig);
            assertThat(DigitallySigned.parse(d.encode())).isEqualTo(d);

            SignedCertificateTimestamp sct = SignedCertificateTimestamp.of(Hash.sha256(sig), random.nextLong(Long.MAX_VALUE),
                    new byte[0], d);
            byte[] encoded = sct.encode();
            byte[] tail = Arrays.copyOfRange(encoded, encoded.length - d.encode().length, encoded.length);
            assertThat(tail).as("an SCT ends with its DigitallySigned").isEqualTo(d.encode());
            assertThat(SignedCertificateTimestamp.parse(encoded).digitallySigned()).isEqualTo(d);
        }
    }

    @Test
    void treeHeadSignatureKnownAnswer() {
        byte[] root = new byte[32];
        root[31] = 7;
        assertThat(HEX.formatHex(TreeHeadSignature.signedData(1, 2, Hash.of(root))))
                .isEqualTo("0001" + "0000000000000001" + "0000000000000002" + "00".repeat(31) + "07");
        assertThatThrownBy(() -> TreeHeadSignature.signedData(-1, 2, Hash.of(root))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void chainEntriesKnownAnswers() {
        List<byte[]> chain = List.of(HEX.parseHex("01"), HEX.parseHex("0203"));
        // certificate_chain<0..2^24-1> of ASN.1Cert<1..2^24-1>: 000009 | 000001 01 | 000002 0203
        assertThat(HEX.formatHex(ChainEntries.x509ChainEntry(chain))).isEqualTo("000009" + "00000101" + "0000020203");
        assertThat(HEX.formatHex(ChainEntries.precertChainEntry(HEX.parseHex("aa"), chain)))
                .isEqualTo("000001aa" + "000009" + "00000101" + "0000020203");
        assertThat(HEX.formatHex(ChainEntries.x509ChainEntry(List.of()))).isEqualTo("000000");
        assertThatThrownBy(() -> ChainEntries.x509ChainEntry(List.of(new byte[0]))).isInstanceOf(IllegalArgumentException.class)
                .as("an ASN.1Cert is at least one byte");
    }
}
