package dev.keyless.common.crypto;

import java.security.GeneralSecurityException;

/**
 * A (key, hash) pair is outside the configured {@link AlgorithmPolicy}; Rekor answers this with
 * 400 "entry algorithms are not allowed" (rekor#1974).
 */
public class AlgorithmNotAllowedException extends GeneralSecurityException {
    public AlgorithmNotAllowedException(String message) {
        super(message);
    }
}
