package dev.keyless.ca.issuance;

/**
 * The CT log could not be reached, timed out, refused the submission or answered something that is not an SCT.
 * Likely transient (or a misconfigured URL): answered 503 UNAVAILABLE, and no certificate is issued.
 */
public class CtLogUnavailableException extends CertificateTransparencyException {
    public CtLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public CtLogUnavailableException(String message) {
        super(message, null);
    }
}
