package dev.keyless.common.json;

/**
 * Input that cannot be canonicalized: not UTF-8, not RFC 8259 JSON, not I-JSON (RFC 7493: duplicate names, lone
 * surrogates, numbers outside IEEE 754 double), too large or too deep. Messages are fixed phrases naming the rule
 * that failed; they never echo the input, so callers may pass them to clients.
 */
public class JsonCanonicalizationException extends IllegalArgumentException {
    public JsonCanonicalizationException(String message) {
        super(message);
    }

    public JsonCanonicalizationException(String message, Throwable cause) {
        super(message, cause);
    }
}
