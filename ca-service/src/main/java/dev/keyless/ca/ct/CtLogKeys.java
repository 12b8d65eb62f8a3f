package dev.keyless.ca.ct;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.ct.CtVerificationException;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * The CT log keys an SCT may be signed by: the current one ({@code keyless.ca.ct.public-key}) and, during a rotation
 * without restart, the one it replaces, until its grace ends. The rotation lists the new key here before the CT log
 * signs with it, so no SCT is refused while the two switch.
 *
 * @param retired replaced keys, each accepted until its end
 */
public record CtLogKeys(PublicKey current, List<Retired> retired) {
    /** A replaced key and the end of its grace. */
    public record Retired(PublicKey key, Instant end) {
    }

    public CtLogKeys {
        retired = List.copyOf(retired);
    }

    @Override
    public String toString() {
        return "CtLogKeys[log ID " + SignedCertificateTimestamp.logIdOf(current).toHex() + ", " + retired.size()
                + " retired in grace]";
    }

    /** Only {@code current}. */
    public static CtLogKeys of(PublicKey current) {
        return new CtLogKeys(current, List.of());
    }

    /**
     * Verifies {@code sct} against the current key, else a replaced key still in its grace at {@code now}.
     *
     * @throws CtVerificationException with the current key's reason when none verifies
     */
    public void verify(SignedCertificateTimestamp sct, LogEntry entry, EcdsaBackend ecdsa, Instant now)
            throws CtVerificationException {
        try {
            sct.verify(ecdsa, current, entry);
        } catch (CtVerificationException e) {
            for (Retired r : retired) {
                if (now.isBefore(r.end())) {
                    try {
                        sct.verify(ecdsa, r.key(), entry);
                        return;
                    } catch (CtVerificationException ignored) {
                        // not this one either
                    }
                }
            }
            throw e;
        }
    }
}
