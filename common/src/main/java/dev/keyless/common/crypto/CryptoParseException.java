package dev.keyless.common.crypto;

/**
 * Input that is not an acceptable key, certificate or signature encoding. Unchecked, like
 * {@link dev.keyless.common.encoding.EncodingException}: it reports bad client input, which callers map to a 400.
 * Messages describe the structure that was wrong and never echo secrets (passwords, private key bytes).
 */
public class CryptoParseException extends IllegalArgumentException {
    public CryptoParseException(String message) {
        super(message);
    }

    public CryptoParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
