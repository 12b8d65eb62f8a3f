package dev.keyless.common.note;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <keyName> base64(keyHint || signature)} (C2SP signed-note).
 * {@code keyHint} is the 32-bit key ID, big-endian on the wire. Value semantics: equal when name, hint and
 * signature bytes are equal.
 *
 * @param signature at least one byte; the algorithm's raw signature over the note text
 */
public record NoteSignature(String keyName, int keyHint, byte[] signature) {
    public NoteSignature {
        NoteText.requireKeyName(keyName);
        Objects.requireNonNull(signature, "signature");
        if (signature.length == 0) {
            throw new NoteParseException("signature by " + keyName + " is empty, want at least 1 byte after the key hint");
        }
        signature = signature.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The 4-byte hint followed by the signature, the bytes that are base64-encoded on the line. */
    byte[] hintAndSignature() {
        byte[] out = new byte[4 + signature.length];
        out[0] = (byte) (keyHint >>> 24);
        out[1] = (byte) (keyHint >>> 16);
        out[2] = (byte) (keyHint >>> 8);
        out[3] = (byte) keyHint;
        System.arraycopy(signature, 0, out, 4, signature.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoteSignature other && keyName.equals(other.keyName) && keyHint == other.keyHint
                && Arrays.equals(signature, other.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyName, keyHint) * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "NoteSignature[" + keyName + "+" + String.format(Locale.ROOT, "%08x", keyHint) + ", " + signature.length + " bytes]";
    }
}
