package dev.keyless.common.crypto;

import java.io.IOException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 (RFC 8032 §5.1) or Ed25519ph (SHA-512 prehash, empty context) signing with Bouncy Castle's RFC 8032
 * implementation. Works with JDK and Bouncy Castle key objects alike, since it reads the 32-byte seed from PKCS#8.
 */
public final class Ed25519Signer implements Signer {
    private static final byte[] EMPTY_CONTEXT = new byte[0];

    private final SigningAlgorithm algorithm;
    private final PublicKey publicKey;
    private final byte[] seed;

    private Ed25519Signer(SigningAlgorithm algorithm, PublicKey publicKey, byte[] seed) {
        this.algorithm = algorithm;
        this.publicKey = publicKey;
        this.seed = seed;
    }

    /** A pure Ed25519 signer. */
    public static Ed25519Signer of(KeyPair keyPair) {
        return of(keyPair, SigningAlgorithm.ED25519);
    }

    /**
     * @param algorithm {@link SigningAlgorithm#ED25519} or {@link SigningAlgorithm#ED25519PH}
     * @throws IllegalArgumentException if the pair is not Ed25519 or its halves do not belong together
     */
    public static Ed25519Signer of(KeyPair keyPair, SigningAlgorithm algorithm) {
        if (algorithm.keyType() != SigningAlgorithm.KeyType.ED25519) {
            throw new IllegalArgumentException("algorithm is " + algorithm + ", want ED25519 or ED25519PH");
        }
        byte[] publicRaw = PublicKeys.ed25519Raw(keyPair.getPublic());
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(keyPair.getPrivate().getEncoded());
        if (!info.getPrivateKeyAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519)) {
            throw new IllegalArgumentException("private key is " + keyPair.getPrivate().getAlgorithm() + ", want Ed25519");
        }
        byte[] seed;
        try {
            seed = ASN1OctetString.getInstance(info.parsePrivateKey()).getOctets();
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Ed25519 private key is not an OCTET STRING (RFC 8410 §7)");
        }
        if (seed.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("Ed25519 private key has " + seed.length + " bytes, want " + Ed25519.SECRET_KEY_SIZE);
        }
        byte[] derived = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(seed, 0, derived, 0);
        if (!MessageDigest.isEqual(derived, publicRaw)) {
            Arrays.fill(seed, (byte) 0);
            throw new IllegalArgumentException("Ed25519 private key does not match the public key");
        }
        return new Ed25519Signer(algorithm, keyPair.getPublic(), seed);
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
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        if (algorithm == SigningAlgorithm.ED25519PH) {
            byte[] prehash = HashAlgorithm.SHA512.digest(message);
            Ed25519.signPrehash(seed, 0, EMPTY_CONTEXT, prehash, 0, signature, 0);
        } else {
            Ed25519.sign(seed, 0, message, 0, message.length, signature, 0);
        }
        return signature;
    }

    @Override
    public String toString() {
        return "Ed25519Signer[" + algorithm + "]";
    }
}
