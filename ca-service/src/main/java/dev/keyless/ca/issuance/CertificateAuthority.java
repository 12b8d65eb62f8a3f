package dev.keyless.ca.issuance;

import dev.keyless.common.crypto.BouncyCastle;
import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PublicKeys;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The issuing CA: its private key and its chain (issuing certificate first, root last), checked for consistency by
 * {@link CaChains#validate} before construction. Signs templates with the algorithm Go picks for the key type
 * (P-256 → ecdsa-with-SHA256, P-384 → SHA384, P-521 → SHA512, RSA → sha256WithRSA, Ed25519), fulcio.md §4.
 */
public final class CertificateAuthority {
    private static final JcaX509CertificateConverter CONVERTER = new JcaX509CertificateConverter().setProvider(BouncyCastle.PROVIDER);

    private final PrivateKey key;
    private final List<X509Certificate> chain;
    private final String signatureAlgorithm;
    /**
     * Who signs RSA and Ed25519 keys and PKCS#11 handles: the token's provider for a PKCS#11 key, else Bouncy Castle.
     * In-memory EC keys go through {@link #ecdsa} instead (every certificate with an SCT costs two signatures).
     */
    private final Provider provider;
    /** For an EC key in memory: signs with cached curve tables ({@link EcdsaContentSigner}); null otherwise. */
    private final EcdsaSigner ecdsa;

    public CertificateAuthority(PrivateKey key, List<X509Certificate> chain) {
        this(key, chain, EcdsaBackend.BOUNCY_CASTLE);
    }

    /** @param ecdsa where an EC key signs */
    public CertificateAuthority(PrivateKey key, List<X509Certificate> chain, EcdsaBackend ecdsa) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.signatureAlgorithm = signatureAlgorithm(key);
        this.provider = BouncyCastle.PROVIDER;
        // Also proves the key belongs to the issuing certificate (EcdsaSigner.of checks d·G = Q).
        this.ecdsa = key instanceof ECPrivateKey
                ? EcdsaSigner.of(new KeyPair(this.chain.get(0).getPublicKey(), key), ecdsa) : null;
    }

    /**
     * A CA whose key lives in a provider (a PKCS#11 token): {@code key} is only a handle, so the signature algorithm
     * cannot be derived from it and every signature is made by {@code provider}.
     */
    public CertificateAuthority(PrivateKey key, List<X509Certificate> chain, String signatureAlgorithm, Provider provider) {
        this.key = key;
        this.chain = List.copyOf(chain);
        this.signatureAlgorithm = signatureAlgorithm;
        this.provider = provider;
        this.ecdsa = null;
    }

    /** Issuing certificate first, root last: exactly what follows the leaf in responses and the trust bundle. */
    public List<X509Certificate> chain() {
        return chain;
    }

    public X509Certificate issuingCertificate() {
        return chain.get(0);
    }

    /**
     * Signs the template, with {@code trailing} (if not null) as the last extension.
     */
    public X509Certificate sign(CertificateTemplate template, Extension trailing) {
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(template.issuer(), template.serial(),
                Date.from(template.notBefore()), Date.from(template.notAfter()), template.subject(),
                SubjectPublicKeyInfo.getInstance(PublicKeys.toDer(template.subjectKey())));
        try {
            for (Extension e : template.extensions()) {
                builder.addExtension(e);
            }
            if (trailing != null) {
                builder.addExtension(trailing);
            }
            // Bouncy Castle's converter, not the JDK's CertificateFactory: the JDK's keeps a cache behind one JVM-wide
            // lock, which concurrent issuance contended (two certificates per request with an SCT).
            return CONVERTER.getCertificate(builder.build(contentSigner()));
        } catch (CertIOException e) {
            throw new UncheckedIOException("certificate encoding failed", e);
        } catch (CertificateException e) {
            throw new IllegalStateException("the signed certificate cannot be read back", e);
        }
    }

    ContentSigner contentSigner() {
        if (ecdsa != null) {
            return new EcdsaContentSigner(ecdsa);
        }
        try {
            return new JcaContentSignerBuilder(signatureAlgorithm).setProvider(provider).build(key);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with the CA key (" + signatureAlgorithm + ")", e);
        }
    }

    static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            EcCurve curve = EcCurve.of(ec.getParams())
                    .orElseThrow(() -> new IllegalArgumentException("CA key is on an unsupported curve"));
            return switch (curve) {
                case P256 -> "SHA256withECDSA";
                case P384 -> "SHA384withECDSA";
                case P521 -> "SHA512withECDSA";
            };
        }
        if (key instanceof RSAPrivateKey) {
            return "SHA256withRSA";
        }
        if ("Ed25519".equals(key.getAlgorithm()) || "EdDSA".equals(key.getAlgorithm())) {
            return "Ed25519";
        }
        throw new IllegalArgumentException("CA key type " + key.getAlgorithm() + " is not supported");
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + chain.get(0).getSubjectX500Principal() + ", " + signatureAlgorithm
                + (provider == null ? "" : ", " + provider.getName()) + "]";
    }
}
