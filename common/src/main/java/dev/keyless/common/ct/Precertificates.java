package dev.keyless.common.ct;

import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The RFC 6962 {@code PreCert} entry of a certificate, built the two ways it is needed:
 * <ul>
 *   <li>by the log from a precertificate (§3.1–3.2): the TBSCertificate with the poison extension removed;</li>
 *   <li>by a verifier from the final certificate (§3.3, Fulcio {@code docs/ctlog.md} "Verifying an SCT"): the
 *       TBSCertificate with the SCT list extension removed.</li>
 * </ul>
 * Both leave every other field and the order of the remaining extensions untouched and re-encode in DER, so an SCT
 * issued for the precertificate verifies against the final certificate exactly when the two TBS structures differ
 * only by poison vs. SCT list. The {@code issuer_key_hash} is SHA-256 of the issuer's DER SubjectPublicKeyInfo.
 *
 * <p>Precertificates signed by a separate Precertificate Signing Certificate (§3.1, EKU
 * {@link CtOids#PRECERT_SIGNING_EKU}) are not handled: Fulcio signs precertificates with the CA key itself.
 */
public final class Precertificates {
    private static final byte[] DER_NULL = {0x05, 0x00};
    private static final int EXTENSIONS_TAG = 3;

    private Precertificates() {
    }

    /**
     * The log-side entry: {@code precertificate} must carry the critical poison whose value is ASN.1 NULL and no SCT
     * list.
     *
     * @throws CtParseException otherwise
     */
    public static LogEntry.PrecertEntry fromPrecertificate(X509CertificateHolder precertificate,
            SubjectPublicKeyInfo issuerKey) {
        requireNonNull(precertificate, issuerKey);
        Extension poison = precertificate.getExtension(CtOids.PRECERT_POISON);
        if (poison == null) {
            throw new CtParseException("certificate has no precertificate poison extension, want one (RFC 6962 §3.1)");
        }
        if (!poison.isCritical()) {
            throw new CtParseException("poison extension is non-critical, want critical (RFC 6962 §3.1)");
        }
        if (!Arrays.equals(poison.getExtnValue().getOctets(), DER_NULL)) {
            throw new CtParseException("poison extension value is not ASN.1 NULL (05 00), want 05 00 (RFC 6962 §3.1)");
        }
        if (precertificate.getExtension(CtOids.SCT_LIST) != null) {
            throw new CtParseException("precertificate carries an SCT list extension, want none");
        }
        return entry(precertificate, issuerKey, CtOids.PRECERT_POISON);
    }

    /** {@link #fromPrecertificate(X509CertificateHolder, SubjectPublicKeyInfo)} for JCA types. */
    public static LogEntry.PrecertEntry fromPrecertificate(X509Certificate precertificate, PublicKey issuerKey) {
        return fromPrecertificate(holder(precertificate), spki(issuerKey));
    }

    /**
     * The verifier-side entry: {@code certificate} must carry an SCT list extension and no poison.
     *
     * @throws CtParseException otherwise
     */
    public static LogEntry.PrecertEntry fromFinalCertificate(X509CertificateHolder certificate,
            SubjectPublicKeyInfo issuerKey) {
        requireNonNull(certificate, issuerKey);
        if (certificate.getExtension(CtOids.SCT_LIST) == null) {
            throw new CtParseException("certificate has no SCT list extension, want one (RFC 6962 §3.3)");
        }
        if (certificate.getExtension(CtOids.PRECERT_POISON) != null) {
            throw new CtParseException("certificate carries the precertificate poison, want a final certificate");
        }
        return entry(certificate, issuerKey, CtOids.SCT_LIST);
    }

    /** {@link #fromFinalCertificate(X509CertificateHolder, SubjectPublicKeyInfo)} for JCA types. */
    public static LogEntry.PrecertEntry fromFinalCertificate(X509Certificate certificate, PublicKey issuerKey) {
        return fromFinalCertificate(holder(certificate), spki(issuerKey));
    }

    /**
     * The extensions of the final certificate (§3.3, Fulcio's issuance): the precertificate's extensions in their
     * order without the poison, then the SCT list extension last. A CA builds the final TBS from these and the
     * precertificate's other fields.
     */
    public static Extensions finalExtensions(X509CertificateHolder precertificate,
            List<SignedCertificateTimestamp> scts) {
        if (precertificate == null) {
            throw new IllegalArgumentException("precertificate is null, want a certificate");
        }
        Extensions extensions = precertificate.getExtensions();
        if (extensions == null || extensions.getExtension(CtOids.PRECERT_POISON) == null) {
            throw new CtParseException("certificate has no precertificate poison extension, want one (RFC 6962 §3.1)");
        }
        ASN1EncodableVector out = new ASN1EncodableVector();
        for (ASN1ObjectIdentifier oid : extensions.getExtensionOIDs()) {
            if (!oid.equals(CtOids.PRECERT_POISON)) {
                out.add(extensions.getExtension(oid));
            }
        }
        out.add(SctList.toExtension(scts));
        return Extensions.getInstance(new DERSequence(out));
    }

    /** The issuer_key_hash of a key: SHA-256 of its DER SubjectPublicKeyInfo. */
    public static Hash issuerKeyHash(SubjectPublicKeyInfo issuerKey) {
        return Hash.sha256(der(issuerKey));
    }

    static X509CertificateHolder holder(X509Certificate certificate) {
        if (certificate == null) {
            throw new IllegalArgumentException("certificate is null, want a certificate");
        }
        try {
            return new X509CertificateHolder(certificate.getEncoded());
        } catch (CertificateEncodingException | IOException e) {
            throw new CtParseException("certificate does not re-encode as X.509", e);
        }
    }

    private static SubjectPublicKeyInfo spki(PublicKey key) {
        if (key == null) {
            throw new IllegalArgumentException("issuer key is null, want a public key");
        }
        try {
            return SubjectPublicKeyInfo.getInstance(key.getEncoded());
        } catch (RuntimeException e) {
            throw new CtParseException("issuer key has no X.509 SubjectPublicKeyInfo encoding", e);
        }
    }

    private static LogEntry.PrecertEntry entry(X509CertificateHolder certificate, SubjectPublicKeyInfo issuerKey,
            ASN1ObjectIdentifier remove) {
        return new LogEntry.PrecertEntry(issuerKeyHash(issuerKey), tbsWithout(certificate, remove));
    }

    /**
     * The DER TBSCertificate with the one extension {@code remove} dropped. Works on the raw SEQUENCE so that
     * optional fields (issuer/subject unique IDs) and the other extensions pass through unchanged; if nothing is
     * left the {@code [3]} field is omitted, as Go's {@code x509.BuildPrecertTBS} does.
     */
    private static byte[] tbsWithout(X509CertificateHolder certificate, ASN1ObjectIdentifier remove) {
        ASN1Sequence tbs = ASN1Sequence.getInstance(certificate.toASN1Structure().getTBSCertificate().toASN1Primitive());
        ASN1EncodableVector fields = new ASN1EncodableVector();
        int removed = 0;
        for (ASN1Encodable field : tbs) {
            if (field instanceof ASN1TaggedObject tagged && tagged.hasContextTag(EXTENSIONS_TAG)) {
                ASN1Sequence extensions = ASN1Sequence.getInstance(tagged.getExplicitBaseObject());
                ASN1EncodableVector kept = new ASN1EncodableVector();
                for (ASN1Encodable e : extensions) {
                    if (Extension.getInstance(e).getExtnId().equals(remove)) {
                        removed++;
                    } else {
                        kept.add(e);
                    }
                }
                if (kept.size() > 0) {
                    fields.add(new DERTaggedObject(true, BERTags.CONTEXT_SPECIFIC, EXTENSIONS_TAG, new DERSequence(kept)));
                }
            } else {
                fields.add(field);
            }
        }
        if (removed != 1) {
            throw new CtParseException("TBSCertificate has " + removed + " extensions " + remove + ", want exactly 1");
        }
        return der(new DERSequence(fields));
    }

    private static byte[] der(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding failed", e);
        }
    }

    private static void requireNonNull(X509CertificateHolder certificate, SubjectPublicKeyInfo issuerKey) {
        if (certificate == null) {
            throw new IllegalArgumentException("certificate is null, want a certificate");
        }
        if (issuerKey == null) {
            throw new IllegalArgumentException("issuer key is null, want a SubjectPublicKeyInfo");
        }
    }
}
