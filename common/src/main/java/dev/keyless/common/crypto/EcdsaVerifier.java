package dev.keyless.common.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA verification (Bouncy Castle's lightweight API) with one public key prepared once: the point is validated
 * once, and the table Bouncy Castle precomputes for it on the first verification is kept with it. Worth keeping
 * where one key checks many signatures, such as a CA's key in the CT log. Thread-safe.
 */
public final class EcdsaVerifier {
    private final EcCurve curve;
    private final ECPublicKeyParameters params;

    private EcdsaVerifier(EcCurve curve, ECPublicKeyParameters params) {
        this.curve = curve;
        this.params = params;
    }

    /**
     * @throws CryptoParseException if the key is not EC on P-256, P-384 or P-521, or not a valid point
     */
    public static EcdsaVerifier of(PublicKey key) {
        if (!(key instanceof ECPublicKey ec)) {
            throw new CryptoParseException("key is " + key.getAlgorithm() + ", want EC");
        }
        EcCurve curve = EcCurve.require(ec);
        return new EcdsaVerifier(curve, curve.publicParameters(ec.getW()));
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
        BigInteger[] rs;
        try {
            rs = StandardDSAEncoding.INSTANCE.decode(curve.order(), signature);
        } catch (IOException | RuntimeException e) {
            throw new SignatureVerificationException("ECDSA signature is not a DER ECDSA-Sig-Value", e);
        }
        ECDSASigner verifier = new ECDSASigner();
        verifier.init(false, params);
        if (!verifier.verifySignature(digest, rs[0], rs[1])) {
            throw new SignatureVerificationException("ECDSA signature does not verify");
        }
    }
}
