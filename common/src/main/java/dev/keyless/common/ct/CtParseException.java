package dev.keyless.common.ct;

/**
 * Bytes that are not the exact RFC 6962 TLS or X.509 encoding a CT structure requires: truncated input, trailing
 * bytes, a length outside its bound, an unknown version or entry type, or a certificate lacking the extension the
 * operation needs. The message names the field and gives got/want values; it never echoes the input.
 */
public class CtParseException extends IllegalArgumentException {
    public CtParseException(String message) {
        super(message);
    }

    public CtParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
