package dev.keyless.common.crypto;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;

/**
 * The signing algorithms of Sigstore's registry ({@code sigstore:pkg/signature/algorithm_registry.go},
 * protobuf-specs {@code PublicKeyDetails}) that Rekor allows by default for hashedrekord entries (rekor#1974;
 * rekor.md §3 step 5). An algorithm fixes the key type, the exact RSA size or EC curve, and the hash.
 *
 * <p>{@link #ED25519} signs the message itself and so has no artifact hash: it never matches a hashedrekord digest.
 * {@link #ED25519PH} is RFC 8032 Ed25519ph over a SHA-512 prehash.
 */
public enum SigningAlgorithm {
    RSA_PKCS1V15_2048_SHA256(KeyType.RSA, 2048, null, HashAlgorithm.SHA256),
    RSA_PKCS1V15_3072_SHA256(KeyType.RSA, 3072, null, HashAlgorithm.SHA256),
    RSA_PKCS1V15_4096_SHA256(KeyType.RSA, 4096, null, HashAlgorithm.SHA256),
    ECDSA_P256_SHA256(KeyType.EC, 256, EcCurve.P256, HashAlgorithm.SHA256),
    ECDSA_P384_SHA384(KeyType.EC, 384, EcCurve.P384, HashAlgorithm.SHA384),
    ECDSA_P521_SHA512(KeyType.EC, 521, EcCurve.P521, HashAlgorithm.SHA512),
    ED25519(KeyType.ED25519, 256, null, null),
    ED25519PH(KeyType.ED25519, 256, null, HashAlgorithm.SHA512);

    /** Key families. */
    public enum KeyType { RSA, EC, ED25519 }

    private final KeyType keyType;
    private final int keySize;
    private final EcCurve curve;
    private final HashAlgorithm hash;

    SigningAlgorithm(KeyType keyType, int keySize, EcCurve curve, HashAlgorithm hash) {
        this.keyType = keyType;
        this.keySize = keySize;
        this.curve = curve;
        this.hash = hash;
    }

    public KeyType keyType() {
        return keyType;
    }

    /** The curve of an ECDSA algorithm. */
    public Optional<EcCurve> curve() {
        return Optional.ofNullable(curve);
    }

    /** The digest that is signed; empty for pure {@link #ED25519}, which signs the message. */
    public Optional<HashAlgorithm> hash() {
        return Optional.ofNullable(hash);
    }

    /** Whether {@code key} has exactly this algorithm's type and size or curve. */
    public boolean matchesKey(PublicKey key) {
        return switch (keyType) {
            case RSA -> key instanceof RSAPublicKey rsa && "RSA".equals(key.getAlgorithm())
                    && rsa.getModulus().bitLength() == keySize;
            case EC -> key instanceof ECPublicKey ec && EcCurve.of(ec.getParams()).orElse(null) == curve;
            case ED25519 -> isEd25519(key);
        };
    }

    /**
     * The algorithm for a client key and artifact hash, matching size and curve exactly as Rekor's
     * {@code checkEntryAlgorithms} does: RSA-1024, P-256 with SHA-512, Ed25519 with SHA-256 and RSA-PSS keys give empty.
     */
    public static Optional<SigningAlgorithm> of(PublicKey key, HashAlgorithm hash) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(hash, "hash");
        for (SigningAlgorithm a : values()) {
            if (a.hash == hash && a.matchesKey(key)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** A short description such as "RSA-1024" or "EC P-256", for error messages. */
    static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return key.getAlgorithm() + "-" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + EcCurve.of(ec.getParams()).map(EcCurve::displayName).orElse("(unsupported curve)");
        }
        return isEd25519(key) ? "Ed25519" : key.getAlgorithm();
    }

    private static boolean isEd25519(PublicKey key) {
        try {
            return PublicKeys.spki(key).getAlgorithm().getAlgorithm().equals(EdECObjectIdentifiers.id_Ed25519);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
