package dev.keyless.common.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CheckpointTest {
    private static final String ROOT = StrictBase64.encode(new byte[32]);

    @Test
    void c2spCheckpointExampleParses() {
        // c2sp.org/tlog-checkpoint example body.
        String text = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        Checkpoint cp = Checkpoint.fromNoteText(text);
        assertThat(cp.origin()).isEqualTo("example.com/behind-the-sofa");
        assertThat(cp.size()).isEqualTo(20852163L);
        assertThat(cp.rootHash().toHex()).startsWith("0ac5186a");
        assertThat(cp.extensionLines()).isEmpty();
        assertThat(cp.toNoteText()).isEqualTo(text);
    }

    @Test
    void rekorV1CheckpointWithTimestampExtensionRoundTrips() {
        String text = "rekor.sigstore.dev - 2605736670972794746\n21428036\n" + ROOT + "\nTimestamp: 1689748607742585419\n";
        Checkpoint cp = Checkpoint.fromNoteText(text);
        assertThat(cp.origin()).isEqualTo("rekor.sigstore.dev - 2605736670972794746");
        assertThat(cp.extensionLines()).containsExactly("Timestamp: 1689748607742585419");
        assertThat(cp.toNoteText()).isEqualTo(text);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("two lines", "origin\n5\n", "want at least 3"),
                Arguments.of("no trailing newline", "origin\n5\n" + ROOT, "end with a newline"),
                Arguments.of("empty origin", "\n5\n" + ROOT + "\n", "origin is empty"),
                Arguments.of("leading zero in size", "origin\n05\n" + ROOT + "\n", "leading zero"),
                Arguments.of("negative size", "origin\n-5\n" + ROOT + "\n", "non-digit"),
                Arguments.of("size with plus", "origin\n+5\n" + ROOT + "\n", "non-digit"),
                Arguments.of("size overflow", "origin\n9223372036854775808\n" + ROOT + "\n", "exceeds"),
                Arguments.of("empty size", "origin\n\n" + ROOT + "\n", "empty"),
                Arguments.of("31-byte root", "origin\n5\n" + StrictBase64.encode(new byte[31]) + "\n", "31 bytes, want 32"),
                Arguments.of("non-canonical root", "origin\n5\n" + ROOT.replace("A=", "B=") + "\n", "canonical"),
                Arguments.of("url-safe base64 root", "origin\n5\n" + "_".repeat(43) + "=\n", "base64"),
                Arguments.of("empty extension line", "origin\n5\n" + ROOT + "\n\n", "extension line 0 is empty"),
                Arguments.of("tab in extension", "origin\n5\n" + ROOT + "\na\tb\n", "U+0009"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void fromNoteTextRejects(String desc, String text, String wantMessage) {
        assertThatThrownBy(() -> Checkpoint.fromNoteText(text)).isInstanceOf(NoteParseException.class).hasMessageContaining(wantMessage);
    }

    @Test
    void constructorValidatesFields() {
        Hash root = Hash.of(new byte[32]);
        assertThatThrownBy(() -> Checkpoint.of("o", -1, root)).hasMessageContaining("-1, want >= 0");
        assertThatThrownBy(() -> Checkpoint.of("a\nb", 1, root)).hasMessageContaining("U+000A");
        assertThatThrownBy(() -> new Checkpoint("o", 1, root, List.of("ok", ""))).hasMessageContaining("extension line 1 is empty");
        assertThat(Checkpoint.of("o", 0, root).toNoteText()).isEqualTo("o\n0\n" + ROOT + "\n");
    }

    /** Property: random checkpoints and signatures survive toNoteText/format/parse/fromNoteText unchanged. */
    @Test
    void randomCheckpointsRoundTripThroughSignedNotes() {
        Random random = new Random(20261122);
        for (int n = 0; n < 500; n++) {
            byte[] root = new byte[32];
            random.nextBytes(root);
            long size = switch (n % 4) {
                case 0 -> random.nextInt(10);
                case 1 -> Long.MAX_VALUE - random.nextInt(3);
                default -> random.nextLong() & Long.MAX_VALUE;
            };
            List<String> extensions = new ArrayList<>();
            for (int e = random.nextInt(3); e > 0; e--) {
                extensions.add(randomLine(random, true));
            }
            Checkpoint cp = new Checkpoint(randomLine(random, true), size, Hash.of(root), extensions);
            List<NoteSignature> sigs = new ArrayList<>();
            for (int s = 1 + random.nextInt(4); s > 0; s--) {
                byte[] sig = new byte[1 + random.nextInt(100)];
                random.nextBytes(sig);
                sigs.add(new NoteSignature(randomLine(random, false), random.nextInt(), sig));
            }
            SignedNote note = new SignedNote(cp.toNoteText(), sigs);
            String wire = note.format();

            SignedNote parsed = SignedNote.parse(wire);
            assertThat(parsed).isEqualTo(note);
            assertThat(parsed.format()).isEqualTo(wire);
            assertThat(Checkpoint.fromNoteText(parsed.text())).isEqualTo(cp);
        }
    }

    /** A non-empty line of printable ASCII and some non-ASCII; key names get no spaces or '+'. */
    private static String randomLine(Random random, boolean spacesAllowed) {
        String alphabet = spacesAllowed ? "abcXYZ019 -./:+=\u00e9\u2014\u4e2d" : "abcXYZ019-./:=\u00e9\u4e2d";
        StringBuilder sb = new StringBuilder();
        for (int i = 1 + random.nextInt(30); i > 0; i--) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
