package dev.keyless.ca.issuance;

/**
 * The CT log could not be reached, timed out, answered a server error (or 408, 429) or something that is not an SCT.
 * Likely transient: answered 503 UNAVAILABLE with Retry-After, and no certificate is issued. A log that refuses the
 * submission (another 4xx) is a plain {@link CertificateTransparencyException}: 500, as retrying cannot help.
 */
public class CtLogUnavailableException extends CertificateTransparencyException {
    public CtLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CtLogUnavailableException(String message) {
        super(message, null);
    }
}
