package dev.keyless.common.ct;

/**
 * A well-formed SCT that does not verify: the log ID is not the key's, the algorithm is unsupported or does not
 * match the key, or the signature does not cover the entry (RFC 6962 §3.2, §5.2).
 */
public class CtVerificationException extends IllegalArgumentException {
    public CtVerificationException(String message) {
        super(message);
    }

    public CtVerificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
