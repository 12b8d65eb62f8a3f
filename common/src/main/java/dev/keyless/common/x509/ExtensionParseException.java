package dev.keyless.common.x509;

/**
 * A certificate extension (Sigstore extension or otherName SAN) that is not in the exact form Fulcio renders.
 * The message names the OID and what was wrong; it never echoes the value.
 */
public class ExtensionParseException extends IllegalArgumentException {
    public ExtensionParseException(String message) {
        super(message);
    }

    public ExtensionParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
