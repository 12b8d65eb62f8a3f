package dev.keyless.common.crypto;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.crypto.signers.StandardDSAEncoding;

/**
 * ECDSA (FIPS 186-4) with a DER {@code ECDSA-Sig-Value} output, as Go's {@code ecdsa.SignASN1} and Rekor's signer
 * produce, on Bouncy Castle's lightweight API.
 *
 * <p>On Bouncy Castle the nonce is deterministic (RFC 6979 via {@link HMacDSAKCalculator}): signing never depends
 * on the quality of a random source, a weak RNG cannot leak the key through nonce reuse, and tests are
 * reproducible. With an {@link EcdsaBackend} that has a provider, signing runs there with its nonces, unless
 * the signer is {@link #deterministic()}. Verifiers cannot tell the difference; Go's randomized signatures and
 * these verify the same way.
 */
public final class EcdsaSigner implements Signer {
    private final SigningAlgorithm algorithm;
    private final ECPublicKey publicKey;
    private final ECPrivateKey privateKey;
    private final ECPrivateKeyParameters privateParameters;
    /** Bouncy Castle (null provider) for a deterministic signer. */
    private final EcdsaBackend backend;
    private final ProviderKey<PrivateKey> nativeKey;

    private EcdsaSigner(SigningAlgorithm algorithm, ECPublicKey publicKey, ECPrivateKey privateKey,
            ECPrivateKeyParameters privateParameters, EcdsaBackend backend) {
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.privateParameters = privateParameters;
        this.backend = backend;
        this.nativeKey = new ProviderKey<>(privateKey);
    }

    /**
     * A signer for an EC key pair, with the algorithm implied by its curve: P-256/SHA-256, P-384/SHA-384, P-521/SHA-512.
     *
     * @throws IllegalArgumentException if the pair is not EC on a supported curve or the halves do not belong together
     */
    public static EcdsaSigner of(KeyPair keyPair) {
        return of(keyPair, EcdsaBackend.BOUNCY_CASTLE);
    }

    /**
     * As {@link #of(KeyPair)}, signing on {@code backend}.
     *
     * @throws IllegalArgumentException if the pair is not EC on a supported curve or the halves do not belong together
     */
    public static EcdsaSigner of(KeyPair keyPair, EcdsaBackend backend) {
        if (!(keyPair.getPublic() instanceof ECPublicKey pub) || !(keyPair.getPrivate() instanceof ECPrivateKey priv)) {
            throw new IllegalArgumentException("key pair is " + keyPair.getPublic().getAlgorithm() + ", want EC");
        }
        EcCurve curve = EcCurve.require(pub);
        if (EcCurve.of(priv.getParams()).orElse(null) != curve) {
            throw new IllegalArgumentException("private key is not on " + curve.displayName() + " like the public key");
        }
        SigningAlgorithm algorithm = switch (curve) {
            case P256 -> SigningAlgorithm.ECDSA_P256_SHA256;
            case P384 -> SigningAlgorithm.ECDSA_P384_SHA384;
            case P521 -> SigningAlgorithm.ECDSA_P521_SHA512;
        };
        BigInteger d = priv.getS();
        if (d.signum() <= 0 || d.compareTo(curve.order()) >= 0) {
            throw new IllegalArgumentException("EC private scalar is outside [1, n-1]");
        }
        // d·G must be the public point; a mismatched pair would sign with a key nobody can verify.
        if (!curve.domain().getG().multiply(d).normalize().equals(curve.publicParameters(pub.getW()).getQ())) {
            throw new IllegalArgumentException("EC private key does not match the public key");
        }
        return new EcdsaSigner(algorithm, pub, priv, new ECPrivateKeyParameters(d, curve.domain()), backend);
    }

    /**
     * The same key, always signing on Bouncy Castle with RFC 6979 nonces: the same digest gives the same bytes,
     * whatever {@link EcdsaBackend} this signer was made with. For signatures that must come out identical wherever they are
     * made, such as a log's genesis entry written by whichever process starts first.
     */
    public EcdsaSigner deterministic() {
        return backend == EcdsaBackend.BOUNCY_CASTLE ? this
                : new EcdsaSigner(algorithm, publicKey, privateKey, privateParameters, EcdsaBackend.BOUNCY_CASTLE);
    }

    @Override
    public SigningAlgorithm algorithm() {
        return algorithm;
    }

    @Override
    public PublicKey publicKey() {
        return publicKey;
    }

    @Override
    public byte[] sign(byte[] message) {
        return signDigest(algorithm.hash().orElseThrow().digest(message));
    }

    /** Signs a digest computed by the caller with {@code algorithm().hash()}. */
    public byte[] signDigest(byte[] digest) {
        int want = algorithm.hash().orElseThrow().digestLength();
        if (digest.length != want) {
            throw new IllegalArgumentException("digest has " + digest.length + " bytes, want " + want);
        }
        Provider p = backend.providerOrNull();
        if (p != null) {
            try {
                return EcdsaBackend.sign(p, nativeKey.in(p), digest);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(p.getName() + " could not sign with " + algorithm, e);
            }
        }
        ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(newDigest()));
        signer.init(true, privateParameters);
        BigInteger[] rs = signer.generateSignature(digest);
        try {
            return StandardDSAEncoding.INSTANCE.encode(privateParameters.getParameters().getN(), rs[0], rs[1]);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    private Digest newDigest() {
        return switch (algorithm.hash().orElseThrow()) {
            case SHA256 -> new SHA256Digest();
            case SHA384 -> new SHA384Digest();
            case SHA512 -> new SHA512Digest();
        };
    }

    @Override
    public String toString() {
        return "EcdsaSigner[" + algorithm + "]";
    }
}
