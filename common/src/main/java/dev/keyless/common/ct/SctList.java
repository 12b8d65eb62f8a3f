package dev.keyless.common.ct;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * RFC 6962 §3.3 {@code SignedCertificateTimestampList} and the X.509 extension that embeds it:
 * <pre>
 * opaque SerializedSCT&lt;1..2^16-1&gt;;
 * struct { SerializedSCT sct_list &lt;1..2^16-1&gt;; } SignedCertificateTimestampList;
 * </pre>
 * In the certificate, extension {@link CtOids#SCT_LIST} has as extnValue the DER of an OCTET STRING holding the TLS
 * list ({@code SignedCertificateTimestampList ::= OCTET STRING}, §3.3). So the raw certificate shows two OCTET
 * STRINGs around the TLS bytes: X.509's extnValue and the list's own. Fulcio ({@code generateSCTListExt}:
 * {@code asn1.Marshal(listBytes)}) writes this, and sigstore-java, sigstore-js and Go unwrap both layers.
 */
public final class SctList {
    private SctList() {
    }

    /** The TLS {@code SignedCertificateTimestampList} of one or more SCTs. */
    public static byte[] encode(List<SignedCertificateTimestamp> scts) {
        if (scts == null || scts.isEmpty()) {
            throw new IllegalArgumentException("SCT list has " + (scts == null ? "null" : "0") + " SCTs, want at least 1");
        }
        TlsWriter body = new TlsWriter();
        for (SignedCertificateTimestamp sct : scts) {
            if (sct == null) {
                throw new IllegalArgumentException("SCT list contains null, want SCTs");
            }
            body.opaque(2, 1, TlsWriter.MAX_U16, sct.encode(), "serialized SCT");
        }
        return new TlsWriter().opaque(2, 1, TlsWriter.MAX_U16, body.toByteArray(), "SCT list").toByteArray();
    }

    /**
     * Strict inverse of {@link #encode}: every SerializedSCT must parse as an SCT with no trailing bytes, and the
     * list must be followed by nothing.
     *
     * @throws CtParseException on any deviation
     */
    public static List<SignedCertificateTimestamp> parse(byte[] encoded) {
        if (encoded == null) {
            throw new CtParseException("SCT list is null, want bytes");
        }
        TlsReader in = new TlsReader(encoded);
        TlsReader list = in.vector(2, 1, TlsWriter.MAX_U16, "sct_list");
        in.requireEnd("SCT list");
        List<SignedCertificateTimestamp> scts = new ArrayList<>();
        while (list.remaining() > 0) {
            byte[] serialized = list.opaque(2, 1, TlsWriter.MAX_U16, "serialized SCT " + scts.size());
            try {
                scts.add(SignedCertificateTimestamp.parse(serialized));
            } catch (CtParseException e) {
                throw new CtParseException("serialized SCT " + scts.size() + ": " + e.getMessage(), e);
            }
        }
        return List.copyOf(scts);
    }

    /** The non-critical SCT list extension, extnValue = DER OCTET STRING of {@link #encode}. */
    public static Extension toExtension(List<SignedCertificateTimestamp> scts) {
        try {
            return new Extension(CtOids.SCT_LIST, false, new DEROctetString(encode(scts)).getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new IllegalStateException("DER-encoding an OCTET STRING failed", e);
        }
    }

    /**
     * Parses the contents of the extension's extnValue: exactly one DER OCTET STRING, then the TLS list.
     *
     * @throws CtParseException if that is not what the bytes are
     */
    public static List<SignedCertificateTimestamp> fromExtensionValue(byte[] extnValue) {
        if (extnValue == null) {
            throw new CtParseException("SCT list extension value is null, want a DER OCTET STRING");
        }
        ASN1Primitive primitive;
        try {
            primitive = ASN1Primitive.fromByteArray(extnValue);
        } catch (IOException | RuntimeException e) {
            throw new CtParseException("SCT list extension value is not DER, want an OCTET STRING", e);
        }
        if (!(primitive instanceof ASN1OctetString octets)) {
            throw new CtParseException("SCT list extension value is " + primitive.getClass().getSimpleName()
                    + ", want an OCTET STRING");
        }
        if (!Arrays.equals(derEncoding(octets), extnValue)) {
            throw new CtParseException("SCT list extension value is not in DER form, want a DER OCTET STRING");
        }
        return parse(octets.getOctets());
    }

    /** The embedded SCTs of a certificate, empty if it has no SCT list extension. */
    public static List<SignedCertificateTimestamp> fromCertificate(X509CertificateHolder certificate) {
        Extension extension = certificate.getExtension(CtOids.SCT_LIST);
        if (extension == null) {
            return List.of();
        }
        if (extension.isCritical()) {
            throw new CtParseException("SCT list extension is critical, want non-critical (RFC 6962 §3.3)");
        }
        return fromExtensionValue(extension.getExtnValue().getOctets());
    }

    /** The embedded SCTs of a certificate, empty if it has no SCT list extension. */
    public static List<SignedCertificateTimestamp> fromCertificate(X509Certificate certificate) {
        return fromCertificate(Precertificates.holder(certificate));
    }

    private static byte[] derEncoding(ASN1OctetString octets) {
        try {
            return octets.getEncoded(ASN1Encoding.DER);
        } catch (IOException e) {
            throw new IllegalStateException("DER-encoding an OCTET STRING failed", e);
        }
    }
}
