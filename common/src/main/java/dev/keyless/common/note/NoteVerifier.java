package dev.keyless.common.note;

/**
 * Checks signatures of one trusted key, identified by key name and 32-bit key hint (C2SP signed-note). Returns false
 * for any invalid or malformed signature; never throws for attacker-controlled bytes. See {@link NoteVerifiers}.
 */
public interface NoteVerifier {
    String keyName();

    int keyHint();

    /** Whether {@code signature} is this key's signature over the note text bytes. */
    boolean verify(byte[] text, byte[] signature);
}
