package dev.keyless.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.keyless.common.crypto.CryptoParseException;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.ct.CtParseException;
import dev.keyless.common.ct.DigitallySigned;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.SctList;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Pem;
import dev.keyless.common.json.CanonicalJson;
import dev.keyless.common.json.JsonCanonicalizationException;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteParseException;
import dev.keyless.common.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Coverage-guided fuzz targets (Jazzer) for every parser in common that takes outside input. Each may refuse an input
 * only with its own documented exception; any other exception, or an accepted input that does not re-encode to the
 * same bytes, is a bug (house rule 2: strict parsers that round-trip exactly).
 *
 * <p>With the unit tests these run their seeds ({@code src/test/resources/dev/keyless/common/fuzz/ParserFuzzTestInputs/
 * <method>/}) and an empty input; {@code ./dev fuzz} fuzzes each one in turn.
 */
class ParserFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void digitallySigned(byte[] input) {
        try {
            roundTrip("DigitallySigned", input, DigitallySigned.parse(input).encode());
        } catch (CtParseException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void signedCertificateTimestamp(byte[] input) {
        try {
            roundTrip("SCT", input, SignedCertificateTimestamp.parse(input).encode());
        } catch (CtParseException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void sctList(byte[] input) {
        try {
            roundTrip("SCT list", input, SctList.encode(SctList.parse(input)));
        } catch (CtParseException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void merkleTreeLeaf(byte[] input) {
        try {
            roundTrip("MerkleTreeLeaf", input, MerkleTreeLeaf.parse(input).encode());
        } catch (CtParseException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void signedNote(byte[] input) {
        try {
            roundTrip("signed note", input, SignedNote.parse(input).formatBytes());
        } catch (NoteParseException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void checkpoint(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            roundTrip("checkpoint", text.getBytes(StandardCharsets.UTF_8),
                    Checkpoint.fromNoteText(text).toNoteText().getBytes(StandardCharsets.UTF_8));
        } catch (NoteParseException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void pem(byte[] input) {
        try {
            Pem.decodeAll(new String(input, StandardCharsets.US_ASCII), 4);
        } catch (EncodingException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void publicKeyPem(byte[] input) {
        try {
            PublicKeys.parsePem(new String(input, StandardCharsets.US_ASCII));
        } catch (CryptoParseException | EncodingException e) {
            // refused, as documented
        }
    }

    @FuzzTest(maxDuration = "10s")
    void canonicalJson(byte[] input) {
        try {
            byte[] once = CanonicalJson.canonicalize(input);
            roundTrip("canonical JSON (idempotence)", once, CanonicalJson.canonicalize(once));
        } catch (JsonCanonicalizationException e) {
            // refused, as documented
        }
    }

    private static void roundTrip(String what, byte[] input, byte[] reencoded) {
        if (!Arrays.equals(input, reencoded)) {
            throw new AssertionError(what + " accepted an input it does not re-encode to the same bytes");
        }
    }
}
