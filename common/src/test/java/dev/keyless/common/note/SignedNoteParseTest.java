package dev.keyless.common.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.StrictBase64;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict-parse probes: each is one mutation of a valid note, named for what it breaks. */
class SignedNoteParseTest {
    private static final String SIG = StrictBase64.encode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    private static final String LINE = "\u2014 log.example " + SIG + "\n";
    private static final String TEXT = "log.example\n5\n" + StrictBase64.encode(new byte[32]) + "\n";
    private static final String VALID = TEXT + "\n" + LINE;

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("missing trailing newline", VALID.substring(0, VALID.length() - 1), "end with a newline"),
                Arguments.of("no blank line", TEXT + LINE, "no blank line"),
                Arguments.of("text without newline before separator", "abc\u2014 x " + SIG + "\n", "no blank line"),
                Arguments.of("no signatures", TEXT + "\n", "no signatures"),
                Arguments.of("101 signatures", TEXT + "\n" + manyLines(101), "more than 100"),
                Arguments.of("non-canonical base64 (trailing bits)", TEXT + "\n\u2014 log.example AQIDBAUGBwh=\n", "canonical"),
                Arguments.of("unpadded base64", TEXT + "\n\u2014 log.example " + SIG.replace("=", "") + "\n", "base64"),
                Arguments.of("hint-only signature of 4 bytes", TEXT + "\n\u2014 log.example " + StrictBase64.encode(new byte[4]) + "\n", "want at least 5"),
                Arguments.of("empty signature", TEXT + "\n\u2014 log.example \n", "decodes to 0 bytes"),
                Arguments.of("tab instead of space", TEXT + "\n\u2014 log.example\t" + SIG + "\n", "control character U+0009"),
                Arguments.of("hyphen instead of em dash", TEXT + "\n- log.example " + SIG + "\n", "em dash"),
                Arguments.of("en dash instead of em dash", TEXT + "\n\u2013 log.example " + SIG + "\n", "em dash"),
                Arguments.of("no space after dash", TEXT + "\n\u2014log.example " + SIG + "\n", "em dash"),
                Arguments.of("extra text after signatures", VALID + "trailing\n", "em dash"),
                Arguments.of("extra field after signature", TEXT + "\n\u2014 log.example " + SIG + " extra\n", "base64"),
                Arguments.of("two spaces before signature", TEXT + "\n\u2014 log.example  " + SIG + "\n", "base64"),
                Arguments.of("CRLF line ends", VALID.replace("\n", "\r\n"), "U+000D"),
                Arguments.of("CR in text", "a\rb\n\n" + LINE, "U+000D"),
                Arguments.of("plus in key name", TEXT + "\n\u2014 log+example " + SIG + "\n", "'+'"),
                Arguments.of("no-break space in key name", TEXT + "\n\u2014 log\u00a0example " + SIG + "\n", "U+00A0"),
                Arguments.of("empty key name", TEXT + "\n\u2014  " + SIG + "\n", "key name is empty"),
                Arguments.of("NUL in text", "a\u0000\n\n" + LINE, "U+0000"),
                Arguments.of("unpaired surrogate", "a\ud800\n\n" + LINE, "surrogate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void parseRejects(String desc, String note, String wantMessage) {
        assertThatThrownBy(() -> SignedNote.parse(note)).isInstanceOf(NoteParseException.class).hasMessageContaining(wantMessage);
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("minimal", VALID),
                Arguments.of("100 signatures", TEXT + "\n" + manyLines(100)),
                Arguments.of("text with blank lines", "a\n\nb\n\n" + LINE),
                Arguments.of("text ending in a blank line", "a\n\n\n" + LINE),
                Arguments.of("text that is one newline", "\n\n" + LINE),
                Arguments.of("text that looks like a signature", "x\n\n" + LINE + "\n" + LINE),
                Arguments.of("unicode name and text", "caf\u00e9 \uD83D\uDE00\n\n\u2014 caf\u00e9.example/\u00e9 " + SIG + "\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parseAcceptsAndFormatRoundTrips(String desc, String note) {
        SignedNote parsed = SignedNote.parse(note);
        assertThat(parsed.format()).isEqualTo(note);
        assertThat(SignedNote.parse(parsed.format())).isEqualTo(parsed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void theSeparatorIsTheLastBlankLine(String desc, String note) {
        SignedNote parsed = SignedNote.parse(note);
        int lastBlank = note.lastIndexOf("\n\n");
        assertThat(parsed.text()).isEqualTo(note.substring(0, lastBlank + 1));
    }

    private static String manyLines(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("\u2014 k").append(i).append(".example ").append(SIG).append('\n');
        }
        return sb.toString();
    }
}
