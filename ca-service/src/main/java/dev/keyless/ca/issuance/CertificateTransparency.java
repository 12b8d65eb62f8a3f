package dev.keyless.ca.issuance;

import java.security.cert.X509Certificate;

/**
 * The port through which a leaf gets its embedded SCT (fulcio.md §5.1): an implementation submits
 * {@link Precertificate#signedPrecertificate()} with {@link Precertificate#issuerChain()} to a CT log and returns
 * {@link Precertificate#finish(byte[])} with the SCT list it got back. Implementations are thread-safe and throw
 * {@link CertificateTransparencyException} if no SCT can be obtained (no certificate is issued then).
 */
public interface CertificateTransparency {
    X509Certificate embedSct(Precertificate precertificate);

    /** CT disabled: issues the final certificate without poison or SCT and never signs a precertificate. */
    CertificateTransparency NONE = Precertificate::finishWithoutSct;
}
