package dev.keyless.common.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodingTest {

    @Test
    void hexRoundTripsRandomBytes() {
        Random random = new Random(1);
        for (int n = 0; n < 200; n++) {
            byte[] bytes = new byte[random.nextInt(70)];
            random.nextBytes(bytes);
            assertThat(Hex.decode(Hex.encode(bytes))).isEqualTo(bytes);
            assertThat(Hex.decode(Hex.encode(bytes).toUpperCase(Locale.ROOT))).isEqualTo(bytes);
        }
        assertThat(Hex.encode(new byte[] {0x00, (byte) 0xab, 0x7f})).isEqualTo("00ab7f");
    }

    @Test
    void hexRejectsOddLengthAndNonDigits() {
        assertThatThrownBy(() -> Hex.decode("abc")).hasMessageContaining("odd length 3");
        assertThatThrownBy(() -> Hex.decode("0g")).hasMessageContaining("offset 1");
        assertThat(Hex.isLowercaseHex("00ff")).isTrue();
        assertThat(Hex.isLowercaseHex("00FF")).isFalse();
        assertThat(Hex.isLowercaseHex("")).isFalse();
    }

    @Test
    void base64RejectsNonCanonicalForms() {
        assertThat(StrictBase64.decode("AAE=")).containsExactly(0, 1);
        // "AAF=" decodes to the same bytes as "AAE=" in a lenient decoder: the trailing bits are not zero.
        assertThatThrownBy(() -> StrictBase64.decode("AAF=")).hasMessageContaining("canonical");
        assertThatThrownBy(() -> StrictBase64.decode("AAE")).isInstanceOf(EncodingException.class);
        assertThatThrownBy(() -> StrictBase64.decode("AA E=")).isInstanceOf(EncodingException.class);
    }

    @Test
    void decimalIsStrict() {
        assertThat(Decimal.parseUnsigned("0")).isZero();
        assertThat(Decimal.parseUnsigned("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> Decimal.parseUnsigned("01")).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Decimal.parseUnsigned("+1")).hasMessageContaining("non-digit");
        assertThatThrownBy(() -> Decimal.parseUnsigned("-1")).hasMessageContaining("non-digit");
        assertThatThrownBy(() -> Decimal.parseUnsigned("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> Decimal.parseUnsigned("9223372036854775808")).hasMessageContaining("exceeds");
    }

    @Test
    void pemEncodesLikeGo() {
        // Go: pem.EncodeToMemory(&pem.Block{Type: "TEST", Bytes: make([]byte, 60)}) gives an 80-char base64 body
        // split as 64 + 16 characters, each line LF-terminated, END line LF-terminated.
        String pem = Pem.encode("TEST", new byte[60]);
        assertThat(pem).isEqualTo("-----BEGIN TEST-----\n"
                + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"
                + "AAAAAAAAAAAAAAAA\n"
                + "-----END TEST-----\n");
        // Exactly 48 bytes is exactly one full line, with no empty line after it.
        assertThat(Pem.encode("T", new byte[48]).split("\n")).hasSize(3);
    }

    @Test
    void pemDecodesWhatItEncodesAndCrlf() {
        byte[] der = "hello pem".getBytes(StandardCharsets.UTF_8);
        String pem = Pem.encode("PUBLIC KEY", der);
        assertThat(Pem.decodeSingle(pem, "PUBLIC KEY")).isEqualTo(der);
        assertThat(Pem.decodeSingle(pem.replace("\n", "\r\n"), "PUBLIC KEY")).isEqualTo(der);
        assertThat(Pem.decodeAll("\n" + pem + "\n\n" + pem, 2)).hasSize(2);
    }

    @Test
    void pemRejectsMalformedInput() {
        String pem = Pem.encode("CERTIFICATE", new byte[10]);
        assertThatThrownBy(() -> Pem.decodeAll(pem + pem, 1)).hasMessageContaining("more than 1 blocks");
        assertThatThrownBy(() -> Pem.decodeSingle(pem, "PUBLIC KEY")).hasMessageContaining("want \"PUBLIC KEY\"");
        assertThatThrownBy(() -> Pem.decodeAll("garbage\n" + pem, 5)).hasMessageContaining("BEGIN");
        assertThatThrownBy(() -> Pem.decodeAll(pem.replace("-----END CERTIFICATE-----\n", ""), 5))
                .hasMessageContaining("missing END");
        assertThatThrownBy(() -> Pem.decodeAll(pem.replace("END CERTIFICATE", "END KEY"), 5))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> Pem.decodeAll("", 5)).hasMessageContaining("no blocks");
        assertThatThrownBy(() -> Pem.decodeAll("-----BEGIN X-----\n!!!!\n-----END X-----\n", 5))
                .hasMessageContaining("invalid base64");
    }

    @Test
    void hashHasValueSemantics() {
        Hash a = Hash.sha256(new byte[0]);
        assertThat(a.toHex()).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Hash.fromHex(a.toHex())).isEqualTo(a).hasSameHashCodeAs(a);
        assertThatThrownBy(() -> Hash.of(new byte[31])).hasMessage("hash has 31 bytes, want 32");
    }
}
