package dev.keyless.ca.issuance;

import dev.keyless.common.ct.SignedCertificateTimestamp;
import java.security.cert.X509Certificate;

/**
 * The port through which a leaf gets its embedded SCT (fulcio.md §5.1), in two steps so that the caller can do the
 * waiting one without holding CPU: {@link #submit} sends {@link Precertificate#signedPrecertificate()} with
 * {@link Precertificate#issuerChain()} to a CT log (network, no computing), and {@link #finish} checks the SCT and
 * returns {@link Precertificate#finish(byte[])} with the SCT list. Implementations are thread-safe; {@link #finish}
 * throws {@link CertificateTransparencyException} if no SCT can be obtained (no certificate is issued then).
 */
public interface CertificateTransparency {
    /**
     * What the log answered: an SCT, or the failure for {@link #finish} to decide on. Exactly one of the two is set.
     */
    record Submission(SignedCertificateTimestamp sct, CertificateTransparencyException failure) {
        public Submission {
            if ((sct == null) == (failure == null)) {
                throw new IllegalArgumentException("want exactly one of an SCT and a failure");
            }
        }
    }

    /** Whether leaves are logged at all; without, {@link #submit} is never called and no precertificate is signed. */
    boolean logs();

    /** Submits the signed precertificate and waits for the log. Never throws for the log's failures. */
    Submission submit(Precertificate precertificate);

    /**
     * Verifies the SCT and signs the final certificate with it.
     *
     * @param submission what {@link #submit} returned, or null when {@link #logs()} is false
     */
    X509Certificate finish(Precertificate precertificate, Submission submission);

    /** CT disabled: issues the final certificate without poison or SCT and never signs a precertificate. */
    CertificateTransparency NONE = new CertificateTransparency() {
        @Override
        public boolean logs() {
            return false;
        }

        @Override
        public Submission submit(Precertificate precertificate) {
            throw new IllegalStateException("certificate transparency is off");
        }

        @Override
        public X509Certificate finish(Precertificate precertificate, Submission submission) {
            return precertificate.finishWithoutSct();
        }
    };
}
