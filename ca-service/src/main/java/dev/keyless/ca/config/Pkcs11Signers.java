package dev.keyless.ca.config;

import dev.keyless.ca.issuance.CertificateAuthority;
import dev.keyless.ca.issuance.Pkcs11Ca;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/** {@code keyless.ca.signer.type=pkcs11}: properties to {@link Pkcs11Ca}, with the PIN from a property or the environment. */
final class Pkcs11Signers {
    private Pkcs11Signers() {
    }

    /** @param environment {@code System::getenv} outside tests */
    static CertificateAuthority load(CaProperties.Signer signer, UnaryOperator<String> environment, Clock clock) {
        CaProperties.Pkcs11 p = signer.pkcs11();
        if (p == null || p.library() == null || signer.chainFile() == null) {
            throw new IllegalArgumentException(
                    "keyless.ca.signer.type=pkcs11 needs pkcs11.library and chain-file (and pkcs11.pin or pkcs11.pin-env)");
        }
        String pin = pin(p, environment);
        char[] chars = pin.toCharArray();
        try {
            return Pkcs11Ca.load(new Pkcs11Ca.Settings(p.library(), p.slot(), p.slotListIndex(), p.keyLabel()), chars,
                    signer.chainFile(), clock);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    static String pin(CaProperties.Pkcs11 p, UnaryOperator<String> environment) {
        return pin(p, environment, "keyless.ca.signer.pkcs11");
    }

    /** @param prefix the properties' prefix, named in errors (the CA's or the timestamp authority's) */
    static String pin(CaProperties.Pkcs11 p, UnaryOperator<String> environment, String prefix) {
        boolean hasPin = p.pin() != null && !p.pin().isEmpty();
        boolean hasEnv = p.pinEnv() != null && !p.pinEnv().isEmpty();
        if (hasPin == hasEnv) {
            throw new IllegalArgumentException(prefix + " needs exactly one of pin and pin-env");
        }
        if (hasPin) {
            return p.pin();
        }
        String value = environment.apply(p.pinEnv());
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(prefix + ".pin-env names " + p.pinEnv()
                    + ", which is not set or empty");
        }
        return value;
    }
}
