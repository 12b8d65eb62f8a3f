package dev.keyless.common.note;

import java.security.GeneralSecurityException;

/**
 * A signed note is not acceptable: a known key's signature failed, a known key signed twice, or no known key
 * signed at all (C2SP signed-note, "Signatures").
 */
public class NoteVerificationException extends GeneralSecurityException {
    public NoteVerificationException(String message) {
        super(message);
    }
}
