package dev.keyless.common.x509;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.ASN1TaggedObject;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.BERTags;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

/**
 * The subjectAltName Fulcio issues for {@code username} identities: exactly one otherName (RFC 5280 §4.2.1.6)
 * whose type-id is {@link SigstoreOids#OTHER_NAME_SAN} (1.3.6.1.4.1.57264.1.7) and whose value is
 * {@code [0] EXPLICIT UTF8String} holding {@code "sub!SubjectDomain"} (sigstore {@code pkg/cryptoutils/sans.go}).
 * The extension is critical because such certificates have an empty subject (RFC 5280 §4.2.1.6).
 *
 * <pre>
 * SubjectAltName ::= SEQUENCE { [0] IMPLICIT OtherName }      -- 30 L a0 L
 * OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT UTF8String }   -- 06 0a .. a0 L 0c L ..
 * </pre>
 */
public final class OtherNameSan {
    private OtherNameSan() {
    }

    /** The DER extnValue: a GeneralNames sequence holding the one otherName. */
    public static byte[] encode(String username) {
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("username is empty, want \"sub!SubjectDomain\"");
        }
        Utf8Values.encodeRaw(username); // rejects unpaired surrogates
        ASN1Sequence otherName = new DERSequence(new ASN1Encodable[] {
            SigstoreOids.OTHER_NAME_SAN, new DERTaggedObject(true, 0, new DERUTF8String(username))
        });
        try {
            return new GeneralNames(new GeneralName(GeneralName.otherName, otherName)).getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER encoding of an in-memory SAN failed", e);
        }
    }

    /** The critical subjectAltName extension carrying {@link #encode(String)}. */
    public static Extension toExtension(String username) {
        return new Extension(Extension.subjectAlternativeName, true, encode(username));
    }

    /**
     * Decodes a SAN extnValue that must be exactly what {@link #encode(String)} writes for some username.
     *
     * @throws ExtensionParseException on any other structure, a different type-id, or non-DER bytes
     */
    public static String decode(byte[] extnValue) {
        String username;
        try {
            username = read(ASN1Primitive.fromByteArray(extnValue));
            // Round-trip check: rejects BER forms (long lengths, constructed strings) that BC reads leniently.
            if (!Arrays.equals(encode(username), extnValue)) {
                throw new ExtensionParseException("otherName SAN is not in DER form, want the exact DER encoding");
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            if (e instanceof ExtensionParseException epe) {
                throw epe;
            }
            throw new ExtensionParseException("otherName SAN is not valid DER", e);
        }
        return username;
    }

    /** Decodes the SAN extension of {@code certificate}; it must be present and critical. */
    public static String decode(X509Certificate certificate) {
        Extensions extensions = SigstoreExtensionCodec.holder(certificate).getExtensions();
        Extension san = extensions == null ? null : extensions.getExtension(Extension.subjectAlternativeName);
        if (san == null) {
            throw new ExtensionParseException("certificate has no subjectAltName, want an otherName SAN");
        }
        if (!san.isCritical()) {
            throw new ExtensionParseException("subjectAltName is non-critical, want critical (empty subject)");
        }
        return decode(san.getExtnValue().getOctets());
    }

    private static String read(ASN1Primitive primitive) {
        if (!(primitive instanceof ASN1Sequence names)) {
            throw new ExtensionParseException("SAN is not a SEQUENCE, want GeneralNames");
        }
        if (names.size() != 1) {
            throw new ExtensionParseException("SAN has " + names.size() + " names, want 1");
        }
        if (!(names.getObjectAt(0) instanceof ASN1TaggedObject name)
                || name.getTagClass() != BERTags.CONTEXT_SPECIFIC || name.getTagNo() != GeneralName.otherName) {
            throw new ExtensionParseException("SAN name is not an otherName, want [0] OtherName");
        }
        ASN1Sequence otherName = ASN1Sequence.getInstance(name, false);
        if (otherName.size() != 2) {
            throw new ExtensionParseException("otherName has " + otherName.size() + " elements, want 2");
        }
        if (!(otherName.getObjectAt(0) instanceof ASN1ObjectIdentifier typeId)
                || !typeId.equals(SigstoreOids.OTHER_NAME_SAN)) {
            throw new ExtensionParseException("otherName type-id is not " + SigstoreOids.OTHER_NAME_SAN.getId());
        }
        if (!(otherName.getObjectAt(1) instanceof ASN1TaggedObject value)
                || value.getTagClass() != BERTags.CONTEXT_SPECIFIC || value.getTagNo() != 0 || !value.isExplicit()) {
            throw new ExtensionParseException("otherName value is not [0] EXPLICIT");
        }
        if (!(value.getExplicitBaseObject() instanceof ASN1UTF8String utf8)) {
            throw new ExtensionParseException("otherName value is not a UTF8String");
        }
        String username = utf8.getString();
        if (username.isEmpty()) {
            throw new ExtensionParseException("otherName value is empty, want \"sub!SubjectDomain\"");
        }
        return username;
    }
}
