package dev.keyless.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hex;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One mutation per row; each names the rule it breaks (RFC 8259 grammar, RFC 7493 I-JSON, our bounds). */
class CanonicalJsonRejectionTest {

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", "ends where a value"),
                Arguments.of("whitespace only", "   ", "ends where a value"),
                Arguments.of("unclosed object", "{", "ends where"),
                Arguments.of("unclosed string", "[\"ab", "closing quote"),
                Arguments.of("trailing comma array", "[1,]", "where a value is due"),
                Arguments.of("trailing comma object", "{\"a\":1,}", "member name is not a string"),
                Arguments.of("unquoted name", "{a:1}", "member name is not a string"),
                Arguments.of("missing colon", "{\"a\" 1}", "lacks ':'"),
                Arguments.of("missing comma", "[1 2]", "',' or a close"),
                Arguments.of("mismatched close", "[1}", "',' or a close"),
                Arguments.of("content after value", "[1] x", "content after"),
                Arguments.of("two values", "1 2", "content after"),
                Arguments.of("leading zero", "[01]", "leading zero"),
                Arguments.of("negative leading zero", "[-01]", "leading zero"),
                Arguments.of("bare fraction", "[.5]", "where a value is due"),
                Arguments.of("empty fraction", "[1.]", "fraction digits"),
                Arguments.of("empty exponent", "[1e]", "exponent digits"),
                Arguments.of("plus sign", "[+1]", "where a value is due"),
                Arguments.of("minus alone", "[-]", "integer digits"),
                Arguments.of("hex number", "[0x10]", "',' or a close"),
                Arguments.of("infinite number", "[1e400]", "double range"),
                Arguments.of("NaN literal", "[NaN]", "where a value is due"),
                Arguments.of("capitalised literal", "[True]", "where a value is due"),
                Arguments.of("truncated literal", "[tru]", "where a value is due"),
                Arguments.of("invalid escape", "[\"\\x\"]", "invalid escape"),
                Arguments.of("short unicode escape", "[\"\\u12\"]", "non-hex digit"),
                Arguments.of("truncated unicode escape", "\"\\u12", "truncated"),
                Arguments.of("lone high surrogate", "[\"\\ud800\"]", "unpaired surrogate"),
                Arguments.of("lone low surrogate", "[\"\\udc00\"]", "unpaired surrogate"),
                Arguments.of("swapped surrogates", "[\"\\ude00\\ud83d\"]", "unpaired surrogate"),
                Arguments.of("high then non-low", "[\"\\ud83d\\u0041\"]", "unpaired surrogate"),
                Arguments.of("duplicate name", "{\"a\":1,\"a\":2}", "duplicate member name"),
                Arguments.of("duplicate after unescape", "{\"\\u0061\":1,\"a\":2}", "duplicate member name"),
                Arguments.of("nested duplicate", "[{\"k\":{\"x\":1,\"x\":1}}]", "duplicate member name"),
                Arguments.of("byte order mark", "\uFEFF[1]", "where a value is due"),
                Arguments.of("form feed whitespace", "[1\f]", "',' or a close"),
                Arguments.of("single quotes", "['a']", "where a value is due"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void canonicalizeWhenMalformedThenRejected(String desc, String json, String wantMessage) {
        assertThatThrownBy(() -> CanonicalJson.canonicalize(json))
                .as(desc)
                .isInstanceOf(JsonCanonicalizationException.class)
                .hasMessageContaining(wantMessage);
    }

    @Test
    void canonicalizeWhenRawControlCharacterInStringThenRejected() {
        for (char c = 0; c < 0x20; c++) {
            String json = "[\"a" + c + "\"]";
            assertThatThrownBy(() -> CanonicalJson.canonicalize(json)).hasMessageContaining("control character");
        }
    }

    @Test
    void canonicalizeWhenNotUtf8ThenRejected() {
        for (String hex : new String[] {"5bc3285d", "5b22c0af225d", "5b22eda080225d", "5b22e282", "5b22ff225d"}) {
            assertThatThrownBy(() -> CanonicalJson.canonicalize(Hex.decode(hex)))
                    .as(hex).isInstanceOf(JsonCanonicalizationException.class).hasMessage("JSON is not well-formed UTF-8");
        }
        assertThatThrownBy(() -> CanonicalJson.canonicalize("[\"\ud800\"]"))
                .isInstanceOf(JsonCanonicalizationException.class).hasMessageContaining("unpaired surrogate");
    }

    @Test
    void canonicalizeWhenRejectedThenMessageDoesNotEchoInput() {
        String marker = "s3cr3t-marker";
        for (String json : new String[] {
            "{\"" + marker + "\":1,\"" + marker + "\":2}", "[\"" + marker + "\" x]", "[\"" + marker + "\\q\"]"}) {
            Throwable thrown = Assertions.catchThrowable(() -> CanonicalJson.canonicalize(json));
            assertThat(thrown).isInstanceOf(JsonCanonicalizationException.class);
            for (Throwable t = thrown; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(marker);
            }
        }
    }

    @Test
    void canonicalizeWhenNullThenTypedException() {
        assertThatThrownBy(() -> CanonicalJson.canonicalize((byte[]) null))
                .isInstanceOf(JsonCanonicalizationException.class);
        assertThatThrownBy(() -> CanonicalJson.canonicalize((String) null))
                .isInstanceOf(JsonCanonicalizationException.class);
    }
}
