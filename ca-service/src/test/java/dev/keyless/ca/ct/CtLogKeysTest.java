package dev.keyless.ca.ct;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.ct.CtVerificationException;
import dev.keyless.common.ct.LogEntry;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * During a CT key rotation ca-service accepts SCTs by the new key and, until its grace ends, by the old one; after the
 * grace, or by any other key, an SCT is refused.
 */
class CtLogKeysTest {
    static final Instant END = Instant.parse("2026-12-07T12:12:00Z");
    final EcdsaSigner oldKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
    final EcdsaSigner newKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
    final EcdsaSigner otherKey = EcdsaSigner.of(PrivateKeys.generateEc(EcCurve.P256, new SecureRandom()));
    final LogEntry entry = new LogEntry.X509Entry("a certificate".getBytes(StandardCharsets.US_ASCII));
    final CtLogKeys keys = new CtLogKeys(newKey.publicKey(), List.of(new CtLogKeys.Retired(oldKey.publicKey(), END)));

    SignedCertificateTimestamp sct(EcdsaSigner by) {
        return SignedCertificateTimestamp.sign(by::sign, SignedCertificateTimestamp.logIdOf(by.publicKey()),
                END.toEpochMilli() - 60_000, entry);
    }

    @Test
    void theNewKeyAlwaysAndTheOldOneOnlyDuringItsGrace() {
        assertThatCode(() -> keys.verify(sct(newKey), entry, EcdsaBackend.BOUNCY_CASTLE, END.plusSeconds(3600)))
                .doesNotThrowAnyException();
        assertThatCode(() -> keys.verify(sct(oldKey), entry, EcdsaBackend.BOUNCY_CASTLE, END.minusSeconds(1)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> keys.verify(sct(oldKey), entry, EcdsaBackend.BOUNCY_CASTLE, END))
                .isInstanceOf(CtVerificationException.class);
        assertThatThrownBy(() -> keys.verify(sct(otherKey), entry, EcdsaBackend.BOUNCY_CASTLE, END.minusSeconds(1)))
                .isInstanceOf(CtVerificationException.class);
    }
}
