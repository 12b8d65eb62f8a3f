package dev.keyless.tlog.ct;

import dev.keyless.common.crypto.EcCurve;
import dev.keyless.common.crypto.PrivateKeys;
import dev.keyless.common.ct.CtOids;
import dev.keyless.common.ct.Precertificates;
import dev.keyless.common.ct.SignedCertificateTimestamp;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A P-256 root → intermediate → leaf PKI built with Bouncy Castle, shaped like Fulcio's (fulcio.md §4–5). */
final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final Date NOT_BEFORE = new Date(1_700_000_000_000L);
    static final Date NOT_AFTER = new Date(4_100_000_000_000L);

    final KeyPair rootKey = key();
    final KeyPair intermediateKey = key();
    final KeyPair leafKey = key();
    final X500Name rootName;
    final X500Name intermediateName;
    final X509Certificate root;
    final X509Certificate intermediate;

    TestPki(String name) {
        rootName = new X500Name("CN=" + name + " root,O=keyless test");
        intermediateName = new X500Name("CN=" + name + " intermediate,O=keyless test");
        root = ca(rootName, rootKey, rootName, rootKey, 1);
        intermediate = ca(intermediateName, intermediateKey, rootName, rootKey, 0);
    }

    static KeyPair key() {
        return PrivateKeys.generateEc(EcCurve.P256, RANDOM);
    }

    static X509Certificate ca(X500Name subject, KeyPair subjectKey, X500Name issuer, KeyPair issuerKey, int pathLen) {
        List<Extension> ext = List.of(
                extension(Extension.basicConstraints, true, new BasicConstraints(pathLen)),
                extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)));
        return jca(build(issuer, BigInteger.valueOf(RANDOM.nextLong() & Long.MAX_VALUE), subject,
                subjectKey, ext, issuerKey));
    }

    /** Fulcio-like leaf extensions: KU, EKU code signing, SAN email. */
    List<Extension> leafExtensions() {
        List<Extension> out = new ArrayList<>();
        out.add(extension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature)));
        out.add(extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning)));
        out.add(extension(Extension.subjectAlternativeName, true,
                new GeneralNames(new GeneralName(GeneralName.rfc822Name, "dev@example.com"))));
        return out;
    }

    /** A precertificate issued by the intermediate: the leaf extensions and the critical poison last. */
    X509CertificateHolder precert() {
        List<Extension> ext = new ArrayList<>(leafExtensions());
        ext.add(CtOids.poisonExtension());
        return build(intermediateName, serial(), new X500Name(new RDN[0]), leafKey, ext,
                intermediateKey);
    }

    /** A final certificate without SCTs (for add-chain). */
    X509CertificateHolder certificate() {
        return build(intermediateName, serial(), new X500Name(new RDN[0]), leafKey,
                leafExtensions(), intermediateKey);
    }

    /** What the CA does after add-pre-chain: same fields, poison replaced by the SCT list (fulcio.md §5.1 step 3). */
    X509CertificateHolder finalCertificate(X509CertificateHolder precert, SignedCertificateTimestamp sct) {
        Extensions ext = Precertificates.finalExtensions(precert, List.of(sct));
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(precert.getIssuer(), precert.getSerialNumber(),
                precert.getNotBefore(), precert.getNotAfter(), precert.getSubject(), precert.getSubjectPublicKeyInfo());
        try {
            for (ASN1ObjectIdentifier oid : ext.getExtensionOIDs()) {
                b.addExtension(ext.getExtension(oid));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sign(b, intermediateKey);
    }

    X500Name leafName() {
        return new X500Name("CN=leaf,O=keyless test");
    }

    SubjectPublicKeyInfo intermediateSpki() {
        return SubjectPublicKeyInfo.getInstance(intermediateKey.getPublic().getEncoded());
    }

    static X509CertificateHolder build(X500Name issuer, BigInteger serial, X500Name subject, KeyPair subjectKey,
            List<Extension> extensions, KeyPair issuerKey) {
        X509v3CertificateBuilder b = new X509v3CertificateBuilder(issuer, serial, NOT_BEFORE, NOT_AFTER, subject,
                SubjectPublicKeyInfo.getInstance(subjectKey.getPublic().getEncoded()));
        try {
            for (Extension e : extensions) {
                b.addExtension(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return sign(b, issuerKey);
    }

    static X509CertificateHolder sign(X509v3CertificateBuilder b, KeyPair issuerKey) {
        try {
            return b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate jca(X509CertificateHolder holder) {
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(X509CertificateHolder holder) {
        try {
            return holder.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] der(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Extension extension(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            return new Extension(oid, critical, value.toASN1Primitive().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(128, RANDOM);
    }
}
