package dev.keyless.common.ct;

/**
 * The CT log's signing key as {@link SignedCertificateTimestamp#sign} needs it. A small interface of this package
 * rather than a general signer, so that {@code ct} depends on no key-handling code: an adapter over any key store,
 * KMS or JCA key fits in a lambda.
 */
@FunctionalInterface
public interface SctSigner {
    /**
     * Signs {@code message} with ECDSA over SHA-256 (RFC 6962 §2.1.4 allows NIST P-256) and returns the DER
     * {@code ECDSA-Sig-Value} (RFC 5480 §2.2), the form a {@code DigitallySigned} signature carries.
     */
    byte[] signSha256Ecdsa(byte[] message);
}
