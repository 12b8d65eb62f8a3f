package dev.keyless.ca.issuance;

import dev.keyless.ca.identity.Principal;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The Fulcio leaf profile (fulcio.md §4): empty subject; validity from now for {@code validity} (no backdating);
 * random 159-bit serial; then, in Go's order, KeyUsage digitalSignature (critical), ExtKeyUsage codeSigning,
 * SubjectKeyIdentifier (SHA-1 of the subjectPublicKey bits, RFC 5280 §4.2.1.2 method 1), AuthorityKeyIdentifier
 * (the issuer's SKID), the single critical SAN, and the principal's Sigstore extensions in OID order.
 */
public final class CodeSigningProfile {
    /** Fulcio's default lifetime. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofMinutes(10);
    private static final X500Name EMPTY_SUBJECT = new X500Name(new RDN[0]);

    private final Clock clock;
    private final Duration validity;
    private final Supplier<SecureRandom> random;

    /** With one generator for every serial (tests; one thread at a time). */
    public CodeSigningProfile(Clock clock, Duration validity, SecureRandom random) {
        this(clock, validity, () -> random);
    }

    /** @param random the calling thread's generator, e.g. {@code ThreadRandom::current} */
    public CodeSigningProfile(Clock clock, Duration validity, Supplier<SecureRandom> random) {
        if (validity.isNegative() || validity.isZero() || validity.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("certificate validity must be between 1 s and 1 day, got " + validity);
        }
        this.clock = clock;
        this.validity = validity;
        this.random = random;
    }

    /** The leaf template for {@code subjectKey}, issued by {@code issuer}, for {@code principal}. */
    public CertificateTemplate template(Principal principal, PublicKey subjectKey, X509Certificate issuer) {
        // X.509 times have whole seconds; truncating here keeps template and signed certificate equal.
        Instant notBefore = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        List<Extension> extensions = new ArrayList<>();
        extensions.add(extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
        extensions.add(extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning)));
        extensions.add(extension(Extension.subjectKeyIdentifier, false, new SubjectKeyIdentifier(keyIdentifier(subjectKey))));
        byte[] issuerKeyId = subjectKeyIdentifierOf(issuer);
        if (issuerKeyId != null) {
            extensions.add(extension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(issuerKeyId)));
        }
        extensions.add(principal.subjectAltName().toExtension());
        extensions.addAll(principal.extensions().render());
        return new CertificateTemplate(serial(), notBefore, notBefore.plus(validity), issuerName(issuer), EMPTY_SUBJECT,
                subjectKey, extensions);
    }

    /** Uniform in [1, 2^159): positive, at most 20 DER bytes (RFC 5280 §4.1.2.2), as sigstore's GenerateSerialNumber. */
    private BigInteger serial() {
        BigInteger serial;
        do {
            serial = new BigInteger(159, random.get());
        } while (serial.signum() == 0);
        return serial;
    }

    /** SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 §4.2.1.2 (1), sigstore cryptoutils.SKID). */
    public static byte[] keyIdentifier(PublicKey key) {
        byte[] bits = SubjectPublicKeyInfo.getInstance(PublicKeys.toDer(key)).getPublicKeyData().getBytes();
        try {
            return MessageDigest.getInstance("SHA-1").digest(bits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from the JDK", e);
        }
    }

    /** The issuer's SKID, or null if it has none (then the leaf has no AKID, as Go does). */
    static byte[] subjectKeyIdentifierOf(X509Certificate issuer) {
        try {
            SubjectKeyIdentifier ski = SubjectKeyIdentifier.fromExtensions(new X509CertificateHolder(issuer.getEncoded()).getExtensions());
            return ski == null ? null : ski.getKeyIdentifier();
        } catch (IOException | CertificateEncodingException e) {
            throw new IllegalStateException("cannot read the issuing certificate", e);
        }
    }

    /** The issuer's subject exactly as encoded in its certificate, so name chaining compares equal bytes. */
    static X500Name issuerName(X509Certificate issuer) {
        return X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    }

    private static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded("DER"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
