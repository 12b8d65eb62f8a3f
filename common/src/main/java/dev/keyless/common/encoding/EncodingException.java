package dev.keyless.common.encoding;

/** Input that is not a valid encoding (hex, base64, PEM, decimal). The message says what was wrong. */
public class EncodingException extends IllegalArgumentException {
    public EncodingException(String message) {
        super(message);
    }

    public EncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
