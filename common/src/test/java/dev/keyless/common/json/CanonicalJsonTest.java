package dev.keyless.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {
    private static final String HEX = "b5bb9d8014a0f9b1d61e21e796d78dccdf1352f23cd32812f4850b878ae4944c";
    private static final String B64 = "MEUCIQDx3oVvqVfYqYyZmTJ4zQOGqTNbOc2G8kAeJ8C7W4rHSwIgHk5vbW9yZS1ieXRlcy1oZXJlIQ==";

    @Test
    void canonicalizeWhenHashedrekordWithWhitespaceAndShuffledKeysThenRekorForm() {
        String body = String.format(Locale.ROOT, """
                {
                  "spec" : {
                    "signature": { "publicKey": { "content": "%2$s" }, "content": "%2$s" },
                    "data": {"hash": {"value": "%1$s", "algorithm": "sha256"}}
                  },
                  "kind":"hashedrekord",
                \t"apiVersion" :"0.0.1"
                }
                """, HEX, B64);

        assertThat(CanonicalJson.canonicalize(body)).isEqualTo(
                "{\"apiVersion\":\"0.0.1\",\"kind\":\"hashedrekord\",\"spec\":{\"data\":{\"hash\":{\"algorithm\":"
                        + "\"sha256\",\"value\":\"" + HEX + "\"}},\"signature\":{\"content\":\"" + B64
                        + "\",\"publicKey\":{\"content\":\"" + B64 + "\"}}}}");
    }

    @Test
    void canonicalizeWhenSignedEntryTimestampPayloadThenKeysInCodeUnitOrder() {
        String logId = HEX;
        String payload = "{\"logIndex\": 12345, \"logID\": \"" + logId + "\", \"integratedTime\": 1700000000,"
                + " \"body\": \"" + B64 + "\"}";
        byte[] canonical = CanonicalJson.canonicalize(payload.getBytes(StandardCharsets.UTF_8));

        // "logID" < "logIndex" because 'D' (0x44) < 'n' (0x6e): ordering is by code unit, not case-insensitive.
        assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo("{\"body\":\"" + B64
                + "\",\"integratedTime\":1700000000,\"logID\":\"" + logId + "\",\"logIndex\":12345}");
    }

    /** RFC 8785 §3.2.3 example: sorting by UTF-16 code units puts U+1F600 (D83D DE00) before U+FB33. */
    @Test
    void canonicalizeWhenNonAsciiNamesThenSortedByUtf16CodeUnits() {
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With"
                + " Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("{\"\\r\":\"Carriage Return\",\"1\":\"One\","
                + "\"\u0080\":\"Control\",\"\u00f6\":\"Latin Small Letter O With Diaeresis\",\"\u20ac\":\"Euro Sign\","
                + "\"\ud83d\ude00\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1e21 | 1e+21",
        "0.000001 | 0.000001",
        "1E-7 | 1e-7",
        "-0 | 0",
        "-0.0e5 | 0",
        "1.5E+3 | 1500",
        "100 | 100",
        "1e-400 | 0",
        "123456789012345678901234567890 | 1.2345678901234568e+29",
    })
    void canonicalizeWhenNumberThenEcmaScriptForm(String input, String want) {
        assertThat(CanonicalJson.canonicalize("[" + input + "]")).isEqualTo("[" + want + "]");
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo(want);
    }

    /** RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text; input is Java's round-trip form. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0000000000000000 | 0",
        "8000000000000000 | 0",
        "0000000000000001 | 5e-324",
        "8000000000000001 | -5e-324",
        "7fefffffffffffff | 1.7976931348623157e+308",
        "ffefffffffffffff | -1.7976931348623157e+308",
        "4340000000000000 | 9007199254740992",
        "c340000000000000 | -9007199254740992",
        "4430000000000000 | 295147905179352830000",
        "44b52d02c7e14af5 | 9.999999999999997e+22",
        "44b52d02c7e14af6 | 1e+23",
        "44b52d02c7e14af7 | 1.0000000000000001e+23",
        "444b1ae4d6e2ef4e | 999999999999999700000",
        "444b1ae4d6e2ef4f | 999999999999999900000",
        "444b1ae4d6e2ef50 | 1e+21",
        "3eb0c6f7a0b5ed8c | 9.999999999999997e-7",
        "3eb0c6f7a0b5ed8d | 0.000001",
        "41b3de4355555553 | 333333333.3333332",
        "41b3de4355555554 | 333333333.33333325",
        "41b3de4355555555 | 333333333.3333333",
        "41b3de4355555556 | 333333333.3333334",
        "41b3de4355555557 | 333333333.33333343",
        "becbf647612f3696 | -0.0000033333333333333333",
        "43143ff3c1cb0959 | 1424953923781206.2",
    })
    void canonicalizeWhenRfc8785AppendixBThenSameText(String bits, String want) {
        String input = Double.toString(Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16)));
        assertThat(CanonicalJson.canonicalize("[" + input + "]")).isEqualTo("[" + want + "]");
    }

    @Test
    void canonicalizeWhenStringsThenMinimalEscaping() {
        // Input escapes are all in JSON source form; expected output per RFC 8785 §3.2.2.2.
        String input = "[\"\\u000f\", \"\\u001F\", \"\\u20ac\", \"\\/\", \"/\", \"\\b\\f\\n\\r\\t\", \"\\u0008\","
                + " \"\\\"\\\\\", \"\\u007f\", \"\\u2028\", \"\\uD83D\\uDE00\", \"\\u0041\"]";
        assertThat(CanonicalJson.canonicalize(input)).isEqualTo("[\"\\u000f\",\"\\u001f\",\"\u20ac\",\"/\",\"/\","
                + "\"\\b\\f\\n\\r\\t\",\"\\b\",\"\\\"\\\\\",\"\u007f\",\"\u2028\",\"\ud83d\ude00\",\"A\"]");
        assertThat(CanonicalJson.canonicalize("\"\\u20ac\"".getBytes(StandardCharsets.UTF_8)))
                .containsExactly('"', 0xe2, 0x82, 0xac, '"');
    }

    @Test
    void canonicalizeWhenScalarAtTopLevelThenCanonicalScalar() {
        assertThat(CanonicalJson.canonicalize("  \"a\\u0062\" \n")).isEqualTo("\"ab\"");
        assertThat(CanonicalJson.canonicalize("true")).isEqualTo("true");
        assertThat(CanonicalJson.canonicalize("null")).isEqualTo("null");
        assertThat(CanonicalJson.canonicalize(" {} ")).isEqualTo("{}");
        assertThat(CanonicalJson.canonicalize("[ ]")).isEqualTo("[]");
    }

    @Test
    void canonicalizeWhenNestingAtLimitThenAcceptedAndBeyondThenRejected() {
        String ok = "[".repeat(CanonicalJson.MAX_DEPTH) + "]".repeat(CanonicalJson.MAX_DEPTH);
        assertThat(CanonicalJson.canonicalize(ok)).isEqualTo(ok);
        String deep = "[".repeat(CanonicalJson.MAX_DEPTH + 1) + "]".repeat(CanonicalJson.MAX_DEPTH + 1);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(deep))
                .isInstanceOf(JsonCanonicalizationException.class).hasMessageContaining("nesting");
        // Far deeper than the library's recursion could survive: rejected before it recurses.
        String veryDeep = "{\"a\":".repeat(200_000);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(veryDeep)).hasMessageContaining("nesting");
    }

    @Test
    void canonicalizeWhenOverSizeLimitThenRejected() {
        byte[] big = ("[\"" + "a".repeat(CanonicalJson.DEFAULT_MAX_BYTES - 3) + "\"]").getBytes(StandardCharsets.UTF_8);
        assertThat(big).hasSize(CanonicalJson.DEFAULT_MAX_BYTES + 1);
        assertThatThrownBy(() -> CanonicalJson.canonicalize(big))
                .isInstanceOf(JsonCanonicalizationException.class).hasMessage("JSON has 1048577 bytes, want <= 1048576");
        byte[] atLimit = Arrays.copyOf(big, big.length - 1);
        atLimit[atLimit.length - 2] = '"';
        atLimit[atLimit.length - 1] = ']';
        assertThat(CanonicalJson.canonicalize(atLimit)).isEqualTo(atLimit);

        byte[] small = "[1, 2, 3]".getBytes(StandardCharsets.UTF_8);
        assertThat(CanonicalJson.canonicalize(small, 9)).asString(StandardCharsets.UTF_8).isEqualTo("[1,2,3]");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(small, 8)).hasMessage("JSON has 9 bytes, want <= 8");
        assertThatThrownBy(() -> CanonicalJson.canonicalize(small, 0))
                .isNotInstanceOf(JsonCanonicalizationException.class).hasMessageContaining("want >= 1");
    }
}
