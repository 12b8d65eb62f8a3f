package dev.keyless.common.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA verification (Bouncy Castle's lightweight API) with one public key prepared once: the point is validated
 * once, and the table Bouncy Castle precomputes for it on the first verification is kept with it (or, with an
 * {@link EcdsaBackend} that has a provider, the provider's form of the key). Worth keeping where one key checks many
 * signatures, such as a CA's key in the CT log. Thread-safe.
 */
public final class EcdsaVerifier {
    private final EcCurve curve;
    private final ECPublicKeyParameters params;
    private final EcdsaBackend backend;
    private final ProviderKey<PublicKey> nativeKey;

    private EcdsaVerifier(EcCurve curve, ECPublicKey key, ECPublicKeyParameters params, EcdsaBackend backend) {
        this.curve = curve;
        this.params = params;
        this.backend = backend;
        this.nativeKey = new ProviderKey<>(key);
    }

    /**
     * @throws CryptoParseException if the key is not EC on P-256, P-384 or P-521, or not a valid point
     */
    public static EcdsaVerifier of(PublicKey key) {
        return of(key, EcdsaBackend.BOUNCY_CASTLE);
    }

    /**
     * As {@link #of(PublicKey)}, verifying on {@code backend}.
     *
     * @throws CryptoParseException if the key is not EC on P-256, P-384 or P-521, or not a valid point
     */
    public static EcdsaVerifier of(PublicKey key, EcdsaBackend backend) {
        if (!(key instanceof ECPublicKey ec)) {
            throw new CryptoParseException("key is " + key.getAlgorithm() + ", want EC");
        }
        EcCurve curve = EcCurve.require(ec);
        return new EcdsaVerifier(curve, ec, curve.publicParameters(ec.getW()), backend);
    }

    public EcCurve curve() {
        return curve;
    }

    /** Verifies a DER {@code ECDSA-Sig-Value} over {@code message} hashed with {@code hash}. */
    public void verifyMessage(HashAlgorithm hash, byte[] message, byte[] signature) throws SignatureVerificationException {
        verifyDigest(hash.digest(message), signature);
    }

    /**
     * Verifies a DER {@code ECDSA-Sig-Value} over a digest. Strict: BER, trailing bytes, and r or s outside [1, n-1]
     * are refused.
     */
    public void verifyDigest(byte[] digest, byte[] signature) throws SignatureVerificationException {
        BigInteger[] rs = decode(signature);
        Provider p = backend.providerOrNull();
        if (p == null) {
            verifyBouncyCastle(digest, rs);
            return;
        }
        boolean ok;
        try {
            // The bytes were just parsed as strict DER with r and s in range: the provider sees only those.
            ok = EcdsaBackend.verify(p, nativeKey.in(p), digest, signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SignatureVerificationException("ECDSA signature does not verify", e);
        }
        if (!ok) {
            throw new SignatureVerificationException("ECDSA signature does not verify");
        }
    }

    /** {@link #verifyDigest} on Bouncy Castle whatever the backend: the reference the backend is checked against. */
    void verifyDigestWithBouncyCastle(byte[] digest, byte[] signature) throws SignatureVerificationException {
        verifyBouncyCastle(digest, decode(signature));
    }

    private BigInteger[] decode(byte[] signature) throws SignatureVerificationException {
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(curve.order(), signature);
        } catch (IOException | RuntimeException e) {
            throw new SignatureVerificationException("ECDSA signature is not a DER ECDSA-Sig-Value", e);
        }
        if (rs[0].signum() <= 0 || rs[1].signum() <= 0) {
            throw new SignatureVerificationException("ECDSA signature has r or s outside [1, n-1]");
        }
        return rs;
    }

    private void verifyBouncyCastle(byte[] digest, BigInteger[] rs) throws SignatureVerificationException {
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, params);
        if (!verifier.verifySignature(digest, rs[0], rs[1])) {
            throw new SignatureVerificationException("ECDSA signature does not verify");
        }
    }
}
