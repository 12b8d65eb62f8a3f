package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * Verifies one DSSE signature over the PAE the way Rekor's dsse and intoto types do (rekor.md §3): sigstore's
 * {@code LoadVerifier(key, crypto.SHA256)}, so ECDSA and RSA PKCS#1 v1.5 hash the PAE with SHA-256 whatever the key
 * size or curve, and Ed25519 is pure Ed25519 over the PAE.
 *
 * <ul>
 *   <li>P-256, RSA 2048/3072/4096, Ed25519: {@link SignatureVerifier#verifyMessage}.</li>
 *   <li>P-384 and P-521 with SHA-256 (no entry in {@link SigningAlgorithm}, which fixes the hashedrekord pairs):
 *       JCA {@code SHA256withECDSA}. That is the same computation as Go's {@code ecdsa.VerifyASN1} over a SHA-256
 *       digest: a 256-bit digest is shorter than both curve orders, so neither truncates it (FIPS 186-5 §6.4.2).
 *       The signature must first be strict DER with r, s in [1, n-1], as Go's parser requires, so one signature has
 *       one accepted encoding.</li>
 *   <li>Anything else (RSA sizes outside the policy, RSA-PSS, other curves) verifies nothing.</li>
 * </ul>
 */
final class DsseSignatureVerifier {
    private final EcdsaBackend ecdsa;

    /** @param ecdsa where P-256 signatures are checked */
    DsseSignatureVerifier(EcdsaBackend ecdsa) {
        this.ecdsa = ecdsa;
    }

    /** Whether {@code sig} is a valid signature by {@code key} over {@code pae}; never throws for bad input. */
    boolean verifies(PublicKey key, byte[] pae, byte[] sig) {
        Optional<SigningAlgorithm> alg = SigningAlgorithm.of(key, HashAlgorithm.SHA256);
        if (alg.isEmpty() && SigningAlgorithm.ED25519.matchesKey(key)) {
            alg = Optional.of(SigningAlgorithm.ED25519);
        }
        if (alg.isPresent()) {
            try {
                SignatureVerifier.verifyMessage(ecdsa, key, alg.get(), pae, sig);
                return true;
            } catch (SignatureVerificationException e) {
                return false;
            }
        }
        if (key instanceof ECPublicKey ec
                && (SigningAlgorithm.ECDSA_P384_SHA384.matchesKey(key) || SigningAlgorithm.ECDSA_P521_SHA512.matchesKey(key))) {
            return verifiesEcdsaSha256(ec, pae, sig);
        }
        return false;
    }

    private static boolean verifiesEcdsaSha256(ECPublicKey key, byte[] pae, byte[] sig) {
        try {
            // decode() rejects BER, trailing bytes and r, s outside [1, n-1].
            StandardDSAEncoding.INSTANCE.decode(key.getParams().getOrder(), sig);
            Signature v = Signature.getInstance("SHA256withECDSA");
            v.initVerify(key);
            v.update(pae);
            return v.verify(sig);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
