package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.crypto.PublicKeys;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;

/**
 * Startup checks of a CA key and chain, after Fulcio's {@code ca.VerifyCertChain} (fulcio.md §4): the key belongs to
 * the issuing certificate; each certificate is signed by the next and the last by itself; every certificate is a CA
 * with keyCertSign; with intermediates, the issuing certificate carries EKU codeSigning; the issuing certificate is
 * valid now. A CA that fails any of these would issue leaves no client accepts, so the service refuses to start.
 */
public final class CaChains {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final int KEY_CERT_SIGN = 5;
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";

    private CaChains() {
    }

    /** @throws IllegalStateException describing the first problem found */
    public static void validate(PrivateKey key, List<X509Certificate> chain, Instant now) {
        if (chain.isEmpty()) {
            throw new IllegalStateException("CA chain is empty");
        }
        X509Certificate issuing = chain.get(0);
        if (!Arrays.equals(PublicKeys.toDer(PrivateKeys.publicKeyOf(key)), PublicKeys.toDer(issuing.getPublicKey()))) {
            throw new IllegalStateException("CA private key does not match the first certificate of the chain");
        }
        validateChain(chain, now);
    }

    /**
     * Every check of {@link #validate} except the key match, for keys that cannot be exported (a PKCS#11 token key is
     * matched by a test signature instead, {@link Pkcs11Ca}).
     *
     * @throws IllegalStateException describing the first problem found
     */
    public static void validateChain(List<X509Certificate> chain, Instant now) {
        if (chain.isEmpty()) {
            throw new IllegalStateException("CA chain is empty");
        }
        X509Certificate issuing = chain.get(0);
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate cert = chain.get(i);
            X509Certificate parent = i + 1 < chain.size() ? chain.get(i + 1) : cert;
            String which = "CA chain certificate " + i + " (" + cert.getSubjectX500Principal() + ")";
            if (!cert.getIssuerX500Principal().equals(parent.getSubjectX500Principal())) {
                throw new IllegalStateException(which + ": issuer name does not match the next certificate's subject");
            }
            try {
                cert.verify(parent.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(which + ": signature does not verify with the next certificate's key", e);
            }
            if (cert.getBasicConstraints() < 0) {
                throw new IllegalStateException(which + " is not a CA certificate");
            }
            boolean[] usage = cert.getKeyUsage();
            if (usage == null || usage.length <= KEY_CERT_SIGN || !usage[KEY_CERT_SIGN]) {
                throw new IllegalStateException(which + " lacks key usage keyCertSign");
            }
        }
        // Leaves take their authority key identifier from it (Fulcio's certificate specification requires SKIDs on CA
        // certificates; only the issuing one's is used here, so an older root without one still loads).
        if (issuing.getExtensionValue(SUBJECT_KEY_IDENTIFIER) == null) {
            throw new IllegalStateException("the issuing certificate lacks a subject key identifier");
        }
        if (chain.size() > 1 && !hasCodeSigning(issuing)) {
            throw new IllegalStateException("the issuing intermediate lacks extended key usage codeSigning");
        }
        Date date = Date.from(now);
        if (date.before(issuing.getNotBefore()) || date.after(issuing.getNotAfter())) {
            throw new IllegalStateException("the issuing certificate is not valid now (" + issuing.getNotBefore()
                    + " .. " + issuing.getNotAfter() + ")");
        }
    }

    private static boolean hasCodeSigning(X509Certificate cert) {
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            return eku != null && eku.contains(CODE_SIGNING);
        } catch (CertificateParsingException e) {
            return false;
        }
    }
}
