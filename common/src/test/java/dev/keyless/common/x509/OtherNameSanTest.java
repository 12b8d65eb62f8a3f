package dev.keyless.common.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import java.util.Random;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;

/**
 * Vector computed independently (Python TLV writer) to match Go's
 * {@code asn1.MarshalWithParams(OtherName{ID, Value `asn1:"utf8,explicit,tag:0"`}, "tag:0")} wrapped in a SEQUENCE:
 * {@code 30 23 | a0 21 | 06 0a 2b..01 07 | a0 13 | 0c 11 "alice!example.com"}.
 */
class OtherNameSanTest {
    private static final String ALICE_HEX =
            "3023a021060a2b0601040183bf300107a0130c11616c696365216578616d706c652e636f6d";

    @Test
    void encodeWhenUsernameThenExactDer() throws Exception {
        assertThat(Hex.encode(OtherNameSan.encode("alice!example.com"))).isEqualTo(ALICE_HEX);
        Extension extension = OtherNameSan.toExtension("alice!example.com");
        assertThat(extension.isCritical()).isTrue();
        assertThat(extension.getExtnId()).isEqualTo(Extension.subjectAlternativeName);
        // SEQUENCE { OID 2.5.29.17, BOOLEAN TRUE, OCTET STRING { ... } }
        assertThat(Hex.encode(extension.getEncoded())).isEqualTo("302f" + "0603551d11" + "0101ff" + "0425" + ALICE_HEX);
    }

    @Test
    void decodeWhenEncodedThenRoundTrips() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            String name = SigstoreExtensionsRoundTripTest.randomString(random, 100) + "!" + "example.com";
            assertThat(OtherNameSan.decode(OtherNameSan.encode(name))).isEqualTo(name);
        }
        assertThat(OtherNameSan.decode(Hex.decode(ALICE_HEX))).isEqualTo("alice!example.com");
    }

    @Test
    void decodeWhenMutatedThenRejected() {
        // wrong type-id (.1.8 instead of .1.7)
        assertDecodeFails(ALICE_HEX.replace("300107", "300108"), "type-id");
        // PrintableString (0x13) instead of UTF8String
        assertDecodeFails(ALICE_HEX.replace("a0130c11", "a0131311"), "UTF8String");
        // IMPLICIT value: [0] primitive holding the bytes directly
        assertDecodeFails("3021a01f060a2b0601040183bf300107" + "8011616c696365216578616d706c652e636f6d", "EXPLICIT");
        // trailing byte after the GeneralNames
        assertDecodeFails(ALICE_HEX + "00", "not valid DER");
        // a second name (rfc822Name "a")
        assertDecodeFails("3026a021060a2b0601040183bf300107a0130c11616c696365216578616d706c652e636f6d" + "810161",
                "2 names");
        // an rfc822Name instead of an otherName
        assertDecodeFails("3003810161", "not an otherName");
        // non-minimal length on the outer SEQUENCE (BER, not DER)
        assertDecodeFails("308123" + ALICE_HEX.substring(4), "DER");
        // empty value
        assertDecodeFails("3012a010060a2b0601040183bf300107a0020c00", "empty");
    }

    @Test
    void encodeWhenEmptyThenRejected() {
        assertThatThrownBy(() -> OtherNameSan.encode("")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertDecodeFails(String hex, String message) {
        assertThatThrownBy(() -> OtherNameSan.decode(Hex.decode(hex)))
                .isInstanceOf(ExtensionParseException.class).hasMessageContaining(message);
    }
}
