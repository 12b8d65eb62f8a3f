package dev.keyless.common.ct;

import static dev.keyless.common.ct.CtKnownAnswerTest.LOG_ID_HEX;
import static dev.keyless.common.ct.CtKnownAnswerTest.SCT_HEX;
import static dev.keyless.common.ct.CtKnownAnswerTest.TIMESTAMP_HEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One mutation per vector: each starts from a valid encoding and breaks exactly one thing. */
class CtParseRejectionTest {
    static final String LEAF_HEX = "0000" + TIMESTAMP_HEX + "0000" + "000005" + "3003020107" + "0000";
    static final String LIST_HEX = "0039" + "0037" + SCT_HEX;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "trailing byte, " + SCT_HEX + "00, 1 trailing bytes",
        "version 1, 01" + LOG_ID_HEX + TIMESTAMP_HEX + "0000040300083006020101020102, sct_version is 1",
        "version 255, ff" + LOG_ID_HEX + TIMESTAMP_HEX + "0000040300083006020101020102, sct_version is 255",
        "extensions length overflow, 00" + LOG_ID_HEX + TIMESTAMP_HEX + "ffff040300083006020101020102, extensions at offset 43 needs 65535 bytes",
        "signature length overflow, 00" + LOG_ID_HEX + TIMESTAMP_HEX + "0000040300093006020101020102, signature at offset 47 needs 9 bytes",
        "signature length short, 00" + LOG_ID_HEX + TIMESTAMP_HEX + "0000040300073006020101020102, 1 trailing bytes",
        "timestamp above 2^63-1, 00" + LOG_ID_HEX + "8000000000000000" + "0000040300083006020101020102, want at most 9223372036854775807",
        "empty, '', sct_version at offset 0 needs 1 bytes",
    })
    void parseSctWhenMutatedThenRejected(String desc, String hex, String message) {
        assertThatThrownBy(() -> SignedCertificateTimestamp.parse(Hex.decode(hex)))
                .isInstanceOf(CtParseException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "trailing byte, " + LEAF_HEX + "00, 1 trailing bytes",
        "version 1, 0100" + TIMESTAMP_HEX + "0000" + "000005" + "3003020107" + "0000, version is 1",
        "leaf type 1, 0001" + TIMESTAMP_HEX + "0000" + "000005" + "3003020107" + "0000, leaf_type is 1",
        "entry type 2, 0000" + TIMESTAMP_HEX + "0002" + "000005" + "3003020107" + "0000, entry_type is 2",
        "zero-length certificate, 0000" + TIMESTAMP_HEX + "0000" + "000000" + "0000, certificate length at offset 12 is 0",
        "certificate length overflow, 0000" + TIMESTAMP_HEX + "0000" + "ffffff" + "3003020107" + "0000, certificate at offset 15 needs 16777215 bytes, got 7",
        "truncated precert hash, 0000" + TIMESTAMP_HEX + "0001" + "aaaa, issuer_key_hash at offset 12 needs 32 bytes, got 2",
        "extensions length overflow, 0000" + TIMESTAMP_HEX + "0000" + "000005" + "3003020107" + "ffff, extensions at offset 22 needs 65535 bytes, got 0",
    })
    void parseLeafWhenMutatedThenRejected(String desc, String hex, String message) {
        assertThatThrownBy(() -> MerkleTreeLeaf.parse(Hex.decode(hex)))
                .isInstanceOf(CtParseException.class).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "zero-length list, 0000, sct_list length at offset 0 is 0, want 1..65535",
        "zero-length serialized SCT, 00020000, serialized SCT 0 length at offset 2 is 0",
        "list length overflow, 003a0037" + SCT_HEX + ", sct_list at offset 2 needs 58 bytes, got 57",
        "serialized SCT length overflow, 00390038" + SCT_HEX + ", serialized SCT 0 at offset 4 needs 56 bytes, got 55",
        "trailing byte after list, " + LIST_HEX + "00, SCT list has 1 trailing bytes",
        "trailing byte inside SerializedSCT, 003a0038" + SCT_HEX + "00, serialized SCT 0: SCT has 1 trailing bytes",
        "second SCT truncated, 003b0037" + SCT_HEX + "0001, serialized SCT 1 at offset 61 needs 1 bytes, got 0",
        "empty input, '', sct_list length at offset 0 needs 2 bytes",
    })
    void parseListWhenMutatedThenRejected(String desc, String hex, String message) {
        assertThatThrownBy(() -> SctList.parse(Hex.decode(hex)))
                .isInstanceOf(CtParseException.class).hasMessageContaining(message);
    }

    @Test
    void parseWhenAnyStrictPrefixThenRejected() {
        assertEveryPrefixRejected(Hex.decode(SCT_HEX), SignedCertificateTimestamp::parse);
        assertEveryPrefixRejected(Hex.decode(LEAF_HEX), MerkleTreeLeaf::parse);
        assertEveryPrefixRejected(Hex.decode(LIST_HEX), SctList::parse);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "not an OCTET STRING, 0500, want an OCTET STRING",
        "BER long-form length, 04813b" + LIST_HEX + ", not in DER form",
        "trailing byte after OCTET STRING, 043b" + LIST_HEX + "00, not DER",
        "single wrapping, " + LIST_HEX + ", SCT list extension value",
    })
    void fromExtensionValueWhenNotOneDerOctetStringThenRejected(String desc, String hex, String message) {
        assertThatThrownBy(() -> SctList.fromExtensionValue(Hex.decode(hex)))
                .isInstanceOf(CtParseException.class).hasMessageContaining(message);
    }

    @Test
    void encodeWhenEmptyOrOversizedThenRejectedBeforeWriting() {
        assertThatThrownBy(() -> SctList.encode(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SCT list has 0 SCTs, want at least 1");
        assertThatThrownBy(() -> new MerkleTreeLeaf(0, new LogEntry.X509Entry(new byte[0])))
                .hasMessage("certificate has 0 bytes, want 1..16777215");
        assertThatThrownBy(() -> new MerkleTreeLeaf(-1, new LogEntry.X509Entry(new byte[1])))
                .hasMessage("timestamp is -1, want >= 0");
        assertThatThrownBy(() -> new MerkleTreeLeaf(0, new LogEntry.X509Entry(new byte[1]), new byte[65536]))
                .hasMessage("extensions has 65536 bytes, want 0..65535");
        // 1200 SCTs of 55 bytes overflow the u16 list length although each SCT fits.
        List<SignedCertificateTimestamp> many = Collections.nCopies(1200, CtKnownAnswerTest.handBuiltSct());
        assertThatThrownBy(() -> SctList.encode(many)).hasMessage("SCT list has 68400 bytes, want 1..65535");
    }

    private static void assertEveryPrefixRejected(byte[] valid, Function<byte[], ?> parser) {
        assertThat(parser.apply(valid)).isNotNull();
        for (int n = 0; n < valid.length; n++) {
            byte[] prefix = Arrays.copyOf(valid, n);
            assertThatThrownBy(() -> parser.apply(prefix)).as("prefix of %d bytes", n)
                    .isInstanceOf(CtParseException.class);
        }
    }
}
