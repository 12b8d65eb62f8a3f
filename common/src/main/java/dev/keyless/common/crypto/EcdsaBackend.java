package dev.keyless.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Optional;

/**
 * Where {@link EcdsaSigner} and {@link EcdsaVerifier} do their curve arithmetic: {@link #BOUNCY_CASTLE}'s
 * lightweight API (pure Java, deterministic nonces), or one JCA provider that does ECDSA natively, such as the Amazon
 * Corretto Crypto Provider (AWS-LC), which is faster at signing and at checking a signature with a new key
 * (docs/benchmarks.md, "ECDSA (JMH)", has the figures). Those two operations are most of the CPU of a log append and a
 * large part of a certificate.
 *
 * <p>Everything around the arithmetic stays here: key and point validation, strict DER parsing of signatures,
 * the range of r and s, and the curve and hash policy. The provider only gets inputs already checked, and
 * {@link #using} refuses a provider that does not agree with Bouncy Castle in both directions on every curve,
 * or that accepts a corrupted signature.
 *
 * <p>Nonces. With a provider, nonces are the provider's (random ones from AWS-LC's generator), so
 * signatures of the same digest differ. Where identical bytes matter, {@link EcdsaSigner#deterministic()} keeps
 * Bouncy Castle's RFC 6979 nonces.
 *
 * <p>A backend is a value: a service chooses one at start ({@link #configure}) and hands it to the signers and
 * verifiers it builds; nothing here is process-wide. It changes how work is done, never what verifies. Immutable and
 * thread-safe.
 */
public final class EcdsaBackend {
    /** The Amazon Corretto Crypto Provider's entry point, looked up by name: this module does not depend on it. */
    static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

    /** Bouncy Castle's lightweight API, with RFC 6979 nonces. */
    public static final EcdsaBackend BOUNCY_CASTLE = new EcdsaBackend(null, "ECDSA on Bouncy Castle");

    /** Null for Bouncy Castle. */
    private final Provider provider;
    private final String description;

    private EcdsaBackend(Provider provider, String description) {
        this.provider = provider;
        this.description = description;
    }

    /** The provider, or empty when Bouncy Castle does the work. */
    public Optional<Provider> provider() {
        return Optional.ofNullable(provider);
    }

    /** Which backend this is, and why it was chosen, for the start-up log. */
    public String description() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /**
     * A backend on {@code candidate}, checked against Bouncy Castle first.
     *
     * @throws IllegalStateException if it lacks {@code NONEwithECDSA}, disagrees with Bouncy Castle, or accepts a
     *         corrupted signature
     */
    public static EcdsaBackend using(Provider candidate) {
        selfTest(candidate);
        return new EcdsaBackend(candidate, "ECDSA on " + candidate.getName() + " " + candidate.getVersionStr());
    }

    /**
     * The backend for a service's {@code keyless.crypto.ecdsa} setting.
     *
     * <ul>
     *   <li>{@code auto}: the Amazon Corretto Crypto Provider when it is healthy on this platform, else Bouncy
     *       Castle;</li>
     *   <li>{@code native}: the Amazon Corretto Crypto Provider or a failed start;</li>
     *   <li>{@code bouncycastle}: Bouncy Castle.</li>
     * </ul>
     *
     * <p>Its {@link #description()} says which one was chosen ({@code auto} falls back to Bouncy Castle when the
     * provider is missing or fails the self-test, and says so).
     *
     * @throws IllegalArgumentException for another value
     * @throws IllegalStateException when {@code native} cannot be had, or the provider fails the self-test
     */
    public static EcdsaBackend configure(String mode) {
        switch (mode) {
            case "bouncycastle" -> {
                return new EcdsaBackend(null, "ECDSA on Bouncy Castle (keyless.crypto.ecdsa=bouncycastle)");
            }
            case "auto", "native" -> {
                Optional<Provider> accp = amazonCorrettoIfHealthy();
                if (accp.isEmpty()) {
                    if (mode.equals("native")) {
                        throw new IllegalStateException("keyless.crypto.ecdsa=native, but the Amazon Corretto Crypto "
                                + "Provider is not available on this platform (it ships for Linux on x86_64)");
                    }
                    return new EcdsaBackend(null,
                            "ECDSA on Bouncy Castle (the Amazon Corretto Crypto Provider is not available here)");
                }
                try {
                    selfTest(accp.get());
                } catch (IllegalStateException e) {
                    if (mode.equals("native")) {
                        throw e;
                    }
                    return new EcdsaBackend(null, "ECDSA on Bouncy Castle: the Amazon Corretto Crypto Provider failed "
                            + "the self-test (" + e.getMessage() + ")");
                }
                return new EcdsaBackend(accp.get(), "ECDSA on " + accp.get().getName() + " "
                        + accp.get().getVersionStr() + " (keyless.crypto.ecdsa=" + mode + ")");
            }
            default -> throw new IllegalArgumentException(
                    "keyless.crypto.ecdsa is '" + mode + "', want auto, native or bouncycastle");
        }
    }

    /**
     * The Amazon Corretto Crypto Provider when its class is on the class path and its native library loaded and
     * passed its own self-tests; empty otherwise (a platform without a build of it, for example).
     *
     * @return the provider, or empty with nothing thrown
     */
    public static Optional<Provider> amazonCorrettoIfHealthy() {
        try {
            Class<?> type = Class.forName(ACCP_CLASS);
            Provider accp = (Provider) type.getField("INSTANCE").get(null);
            type.getMethod("assertHealthy").invoke(accp);
            return Optional.of(accp);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Signs a digest with the provider's {@code NONEwithECDSA}; DER {@code ECDSA-Sig-Value} out. */
    static byte[] sign(Provider p, PrivateKey key, byte[] digest) throws GeneralSecurityException {
        Signature s = Signature.getInstance("NONEwithECDSA", p);
        s.initSign(key);
        s.update(digest);
        return s.sign();
    }

    /** Checks a DER signature the caller has already parsed strictly, over a digest. */
    static boolean verify(Provider p, PublicKey key, byte[] digest, byte[] derSignature) throws GeneralSecurityException {
        Signature s = Signature.getInstance("NONEwithECDSA", p);
        s.initVerify(key);
        s.update(digest);
        return s.verify(derSignature);
    }

    /** The provider's own form of a key, so it is not converted again on every operation. */
    static <K extends Key> K translate(Provider p, K key) {
        try {
            KeyFactory f = KeyFactory.getInstance("EC", p);
            Key out = key instanceof PublicKey ? f.generatePublic(new X509EncodedKeySpec(key.getEncoded()))
                    : f.generatePrivate(new PKCS8EncodedKeySpec(key.getEncoded()));
            @SuppressWarnings("unchecked")
            K typed = (K) out;
            return typed;
        } catch (GeneralSecurityException | RuntimeException e) {
            // Not every provider has a key factory for EC; its Signature then converts the key itself.
            return key;
        }
    }

    private static boolean accepts(Provider p, PublicKey key, byte[] digest, byte[] signature) {
        try {
            return verify(p, key, digest, signature);
        } catch (GeneralSecurityException e) {
            return false; // refusing by exception is refusing
        }
    }

    /** The provider or null, for the hot paths (no Optional per operation). */
    Provider providerOrNull() {
        return provider;
    }

    private static void selfTest(Provider p) {
        SecureRandom random = new SecureRandom();
        for (EcCurve curve : EcCurve.values()) {
            KeyPair pair = PrivateKeys.generateEc(curve, random);
            HashAlgorithm hash = switch (curve) {
                case P256 -> HashAlgorithm.SHA256;
                case P384 -> HashAlgorithm.SHA384;
                case P521 -> HashAlgorithm.SHA512;
            };
            byte[] digest = hash.digest(("ecdsa self-test " + curve.displayName()).getBytes(StandardCharsets.UTF_8));
            try {
                byte[] theirs = sign(p, translate(p, pair.getPrivate()), digest);
                EcdsaVerifier.of(pair.getPublic()).verifyDigestWithBouncyCastle(digest, theirs);
                byte[] ours = EcdsaSigner.of(pair).deterministic().signDigest(digest);
                PublicKey pub = translate(p, pair.getPublic());
                if (!verify(p, pub, digest, ours)) {
                    throw new IllegalStateException(p.getName() + " rejects a valid " + curve.displayName() + " signature");
                }
                byte[] corrupted = ours.clone();
                corrupted[corrupted.length - 1] ^= 1;
                byte[] otherDigest = hash.digest(("another digest " + curve.displayName()).getBytes(StandardCharsets.UTF_8));
                PublicKey otherKey = translate(p, PrivateKeys.generateEc(curve, random).getPublic());
                if (accepts(p, pub, digest, corrupted) || accepts(p, pub, otherDigest, ours) || accepts(p, otherKey, digest, ours)) {
                    throw new IllegalStateException(p.getName() + " accepts a corrupted " + curve.displayName()
                            + " signature, or one over another digest or by another key");
                }
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(p.getName() + " failed the " + curve.displayName() + " ECDSA self-test", e);
            }
        }
    }
}
