package dev.keyless.ca.issuance;

/** The CT log did not return a usable SCT; answered 500 "Error entering certificate in CTL" (fulcio.md §1.7). */
public class CertificateTransparencyException extends RuntimeException {
    public CertificateTransparencyException(String message, Throwable cause) {
        super(message, cause);
    }
}
