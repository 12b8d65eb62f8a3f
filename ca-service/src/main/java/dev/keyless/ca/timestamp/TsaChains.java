package dev.keyless.ca.timestamp;

import dev.keyless.common.crypto.PrivateKeys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Start-up checks of a timestamp authority's key and chain, the profile the Sigstore timestamp authority enforces
 * (rekor-v2-tsa.md §8): at least two certificates; the leaf is not a CA and has exactly one extended key usage,
 * id-kp-timeStamping, marked critical (RFC 3161 §2.3); every certificate above it is a CA that signed the one below,
 * the last signed itself; the key belongs to the leaf; the leaf is valid now. Clients refuse a token from any other
 * profile, so the service refuses to start with one.
 */
public final class TsaChains {
    static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";

    private TsaChains() {
    }

    /** @throws IllegalStateException describing the first problem found */
    public static void validate(PrivateKey key, List<X509Certificate> chain, Instant now) {
        validateChain(chain, now);
        if (!keyMatches(key, chain.get(0))) {
            throw new IllegalStateException("the TSA key does not belong to the TSA certificate");
        }
    }

    /**
     * Every check of {@link #validate} except the key match, for a key in a token (matched by a test signature
     * instead).
     *
     * @throws IllegalStateException describing the first problem found
     */
    public static void validateChain(List<X509Certificate> chain, Instant now) {
        if (chain.size() < 2) {
            throw new IllegalStateException("the TSA chain has " + chain.size() + " certificate(s), want the leaf and at "
                    + "least its root");
        }
        X509Certificate leaf = chain.get(0);
        if (leaf.getBasicConstraints() >= 0) {
            throw new IllegalStateException("the TSA certificate is a CA, want a leaf");
        }
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("the TSA certificate's extended key usage cannot be read", e);
        }
        if (usages == null || !usages.equals(List.of(TIME_STAMPING))
                || !leaf.getCriticalExtensionOIDs().contains(EXTENDED_KEY_USAGE)) {
            throw new IllegalStateException("the TSA certificate must have exactly one extended key usage, "
                    + "timeStamping, marked critical");
        }
        for (int i = 1; i < chain.size(); i++) {
            X509Certificate issuer = chain.get(i);
            if (issuer.getBasicConstraints() < 0) {
                throw new IllegalStateException("TSA chain certificate " + i + " is not a CA");
            }
            verifySignedBy(chain.get(i - 1), issuer, i - 1);
        }
        verifySignedBy(chain.get(chain.size() - 1), chain.get(chain.size() - 1), chain.size() - 1);
        Date at = Date.from(now);
        if (at.before(leaf.getNotBefore()) || at.after(leaf.getNotAfter())) {
            throw new IllegalStateException("the TSA certificate is not valid now (" + leaf.getNotBefore() + " to "
                    + leaf.getNotAfter() + ")");
        }
    }

    private static void verifySignedBy(X509Certificate cert, X509Certificate issuer, int index) {
        try {
            cert.verify(issuer.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TSA chain certificate " + index + " is not signed by the next", e);
        }
    }

    private static boolean keyMatches(PrivateKey key, X509Certificate leaf) {
        if (key instanceof ECPrivateKey ec && leaf.getPublicKey() instanceof ECPublicKey pub) {
            return PrivateKeys.publicKeyOf(ec).equals(pub);
        }
        if (key instanceof RSAPrivateCrtKey rsa && leaf.getPublicKey() instanceof RSAPublicKey pub) {
            return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
        }
        return false;
    }
}
