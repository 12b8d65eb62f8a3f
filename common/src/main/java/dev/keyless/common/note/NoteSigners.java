package dev.keyless.common.note;

import dev.keyless.common.crypto.Ed25519Signer;
import dev.keyless.common.crypto.Signer;
import dev.keyless.common.crypto.SigningAlgorithm;
import java.util.Locale;

/**
 * Note signers over the crypto package's {@link Signer}s (rekor.md §2.5): ECDSA signs SHA-256 of the text with a DER
 * signature, as Rekor v1 does; Ed25519 signs the text itself, as C2SP and Go's {@code note} package do.
 */
public final class NoteSigners {
    private NoteSigners() {
    }

    /**
     * An ECDSA P-256 / SHA-256 note signer with the Rekor v1 key hint SHA-256(DER SPKI)[:4].
     *
     * @throws IllegalArgumentException if {@code signer} is not {@link SigningAlgorithm#ECDSA_P256_SHA256} or the
     *     name is invalid
     */
    public static NoteSigner ecdsa(String keyName, Signer signer) {
        NoteText.requireKeyName(keyName);
        if (signer.algorithm() != SigningAlgorithm.ECDSA_P256_SHA256) {
            throw new IllegalArgumentException("signer algorithm is " + signer.algorithm() + ", want ECDSA_P256_SHA256");
        }
        return new Impl(keyName, KeyHintRule.SPKI_SHA256.hint(keyName, signer.publicKey()), signer);
    }

    /**
     * A pure Ed25519 note signer; {@code rule} chooses the C2SP hint or Rekor v1's SPKI hint.
     *
     * @throws IllegalArgumentException if {@code signer} is not pure {@link SigningAlgorithm#ED25519}
     */
    public static NoteSigner ed25519(String keyName, Ed25519Signer signer, KeyHintRule rule) {
        NoteText.requireKeyName(keyName);
        if (signer.algorithm() != SigningAlgorithm.ED25519) {
            throw new IllegalArgumentException("signer algorithm is " + signer.algorithm() + ", want ED25519");
        }
        return new Impl(keyName, rule.hint(keyName, signer.publicKey()), signer);
    }

    private record Impl(String keyName, int keyHint, Signer signer) implements NoteSigner {
        @Override
        public byte[] sign(byte[] text) {
            return signer.sign(text);
        }

        @Override
        public String toString() {
            return "NoteSigner[" + keyName + "+" + String.format(Locale.ROOT, "%08x", keyHint) + ", " + signer.algorithm() + "]";
        }
    }
}
