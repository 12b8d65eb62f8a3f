package dev.keyless.common.crypto;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies signatures for the algorithms of {@link SigningAlgorithm}, over a message or over a precomputed digest
 * (a hashedrekord entry carries only the artifact digest, so Rekor verifies "with digest"; rekor.md §3 step 4).
 *
 * <ul>
 *   <li>ECDSA: ASN.1 DER {@code ECDSA-Sig-Value} (RFC 5480 §2.2 / SEC1), strictly DER with no trailing bytes,
 *       checked on an {@link EcdsaBackend}: Bouncy Castle's lightweight {@link ECDSASigner} on its optimized curves
 *       unless the caller passes one with a native provider (the hot path of every append; docs/benchmarks.md
 *       compares them).</li>
 *   <li>RSA: PKCS#1 v1.5 (RFC 8017 §8.2.2): the digest is wrapped in its DigestInfo and checked with
 *       {@code NONEwithRSA}, which compares the whole encoded message; the signature must be exactly the modulus length.</li>
 *   <li>Ed25519: RFC 8032 §5.1 over the message; there is no digest form. Ed25519ph: RFC 8032 §5.1 with
 *       PH = SHA-512 and an empty context.</li>
 * </ul>
 *
 * <p>Every failure, including malformed input that would make a provider throw, surfaces as a
 * {@link SignatureVerificationException}; nothing unchecked escapes for attacker-controlled bytes.
 * Stateless and thread-safe.
 */
public final class SignatureVerifier {
    private static final byte[] EMPTY_CONTEXT = new byte[0];

    private SignatureVerifier() {
    }

    /** Verifies {@code signature} over {@code message}, hashing it first if the algorithm signs a digest. */
    public static void verifyMessage(PublicKey key, SigningAlgorithm algorithm, byte[] message, byte[] signature)
            throws SignatureVerificationException {
        verifyMessage(EcdsaBackend.BOUNCY_CASTLE, key, algorithm, message, signature);
    }

    /** As {@link #verifyMessage(PublicKey, SigningAlgorithm, byte[], byte[])}, ECDSA on {@code ecdsa}. */
    public static void verifyMessage(EcdsaBackend ecdsa, PublicKey key, SigningAlgorithm algorithm, byte[] message,
            byte[] signature) throws SignatureVerificationException {
        requireKeyMatches(key, algorithm);
        if (algorithm == SigningAlgorithm.ED25519) {
            verifyEd25519(key, message, signature, false);
            return;
        }
        HashAlgorithm hash = algorithm.hash().orElseThrow();
        verifyChecked(ecdsa, key, algorithm, hash, hash.digest(message), signature);
    }

    /**
     * Verifies {@code signature} over a digest computed by the caller with the algorithm's hash.
     *
     * @throws SignatureVerificationException if the digest has the wrong length, the algorithm is pure Ed25519
     *     (which signs messages, not digests), the key does not fit the algorithm, or the signature is invalid
     */
    public static void verifyDigest(PublicKey key, SigningAlgorithm algorithm, byte[] digest, byte[] signature)
            throws SignatureVerificationException {
        verifyDigest(EcdsaBackend.BOUNCY_CASTLE, key, algorithm, digest, signature);
    }

    /** As {@link #verifyDigest(PublicKey, SigningAlgorithm, byte[], byte[])}, ECDSA on {@code ecdsa}. */
    public static void verifyDigest(EcdsaBackend ecdsa, PublicKey key, SigningAlgorithm algorithm, byte[] digest,
            byte[] signature) throws SignatureVerificationException {
        if (algorithm.hash().isEmpty()) {
            throw new SignatureVerificationException(algorithm + " signs the message itself and cannot verify a digest");
        }
        HashAlgorithm hash = algorithm.hash().get();
        if (digest.length != hash.digestLength()) {
            throw new SignatureVerificationException(
                    "digest has " + digest.length + " bytes, want " + hash.digestLength() + " for " + hash.rekorName());
        }
        requireKeyMatches(key, algorithm);
        verifyChecked(ecdsa, key, algorithm, hash, digest, signature);
    }

    private static void verifyChecked(EcdsaBackend ecdsa, PublicKey key, SigningAlgorithm algorithm, HashAlgorithm hash, byte[] digest,
            byte[] signature) throws SignatureVerificationException {
        switch (algorithm.keyType()) {
            case EC -> verifyEcdsa(ecdsa, (ECPublicKey) key, digest, signature);
            case RSA -> verifyRsa((RSAPublicKey) key, hash, digest, signature);
            case ED25519 -> verifyEd25519(key, digest, signature, true);
        }
    }

    private static void requireKeyMatches(PublicKey key, SigningAlgorithm algorithm) throws SignatureVerificationException {
        if (!algorithm.matchesKey(key)) {
            throw new SignatureVerificationException(
                    "key is " + SigningAlgorithm.describe(key) + ", which does not fit algorithm " + algorithm);
        }
    }

    private static void verifyEcdsa(EcdsaBackend ecdsa, ECPublicKey key, byte[] digest, byte[] signature)
            throws SignatureVerificationException {
        EcdsaVerifier verifier;
        try {
            verifier = EcdsaVerifier.of(key, ecdsa);
        } catch (CryptoParseException e) {
            throw new SignatureVerificationException(e.getMessage(), e);
        }
        verifier.verifyDigest(digest, signature);
    }

    private static void verifyRsa(RSAPublicKey key, HashAlgorithm hash, byte[] digest, byte[] signature)
            throws SignatureVerificationException {
        int modulusBytes = (key.getModulus().bitLength() + 7) / 8;
        if (signature.length != modulusBytes) {
            throw new SignatureVerificationException(
                    "RSA signature has " + signature.length + " bytes, want " + modulusBytes);
        }
        boolean ok;
        try {
            Signature rsa = Signature.getInstance("NONEwithRSA");
            rsa.initVerify(key);
            rsa.update(digestInfo(hash, digest));
            ok = rsa.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new SignatureVerificationException("RSA signature is malformed", e);
        }
        if (!ok) {
            throw new SignatureVerificationException("RSA PKCS#1 v1.5 signature does not verify");
        }
    }

    private static void verifyEd25519(PublicKey key, byte[] data, byte[] signature, boolean prehashed)
            throws SignatureVerificationException {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            throw new SignatureVerificationException(
                    "Ed25519 signature has " + signature.length + " bytes, want " + Ed25519.SIGNATURE_SIZE);
        }
        byte[] pk = PublicKeys.ed25519Raw(key);
        boolean ok;
        try {
            ok = prehashed
                    ? Ed25519.verifyPrehash(signature, 0, pk, 0, EMPTY_CONTEXT, data, 0)
                    : Ed25519.verify(signature, 0, pk, 0, data, 0, data.length);
        } catch (RuntimeException e) {
            throw new SignatureVerificationException("Ed25519 signature is malformed", e);
        }
        if (!ok) {
            throw new SignatureVerificationException((prehashed ? "Ed25519ph" : "Ed25519") + " signature does not verify");
        }
    }

    /** DER DigestInfo (RFC 8017 §9.2) with NULL parameters, as Go's {@code rsa.VerifyPKCS1v15} expects. */
    static byte[] digestInfo(HashAlgorithm hash, byte[] digest) {
        ASN1ObjectIdentifier oid = switch (hash) {
            case SHA256 -> NISTObjectIdentifiers.id_sha256;
            case SHA384 -> NISTObjectIdentifiers.id_sha384;
            case SHA512 -> NISTObjectIdentifiers.id_sha512;
        };
        try {
            return new DigestInfo(new AlgorithmIdentifier(oid, DERNull.INSTANCE), digest).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }
}
