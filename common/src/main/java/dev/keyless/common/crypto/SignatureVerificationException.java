package dev.keyless.common.crypto;

import java.security.GeneralSecurityException;

/**
 * A signature did not verify, or could not be checked at all (malformed encoding, wrong digest length, a key that
 * does not fit the algorithm). Checked so that no caller can forget that verification can fail.
 */
public class SignatureVerificationException extends GeneralSecurityException {
    public SignatureVerificationException(String message) {
        super(message);
    }

    public SignatureVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
