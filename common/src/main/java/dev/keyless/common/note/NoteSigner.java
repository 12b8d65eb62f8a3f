package dev.keyless.common.note;

/**
 * Produces signatures for signed notes under one key name and 32-bit key hint (C2SP signed-note). See
 * {@link NoteSigners} for ECDSA and Ed25519 implementations.
 */
public interface NoteSigner {
    String keyName();

    /** The key ID written big-endian before the signature. */
    int keyHint();

    /** Signs the note text bytes (UTF-8, including the final newline). */
    byte[] sign(byte[] text);
}
