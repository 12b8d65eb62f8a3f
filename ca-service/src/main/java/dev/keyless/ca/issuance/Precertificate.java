package dev.keyless.ca.issuance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.Extension;

/**
 * A leaf on its way through Certificate Transparency (RFC 6962 §3.1, fulcio.md §5.1): the precertificate is the
 * template signed with the critical poison extension last; the final certificate is the same template signed with
 * the SCT list extension last instead. Both come from one {@link CertificateTemplate}, so their TBS differ only in
 * that last extension, which is what an embedded SCT's signature covers.
 *
 * <p>The precertificate is signed only when a CT implementation asks for it.
 */
public final class Precertificate {
    /** 1.3.6.1.4.1.11129.2.4.3, RFC 6962 §3.1. */
    public static final ASN1ObjectIdentifier POISON_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3");
    /** 1.3.6.1.4.1.11129.2.4.2, RFC 6962 §3.3. */
    public static final ASN1ObjectIdentifier SCT_LIST_OID = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    private final CertificateTemplate template;
    private final CertificateAuthority ca;
    private X509Certificate signed;

    Precertificate(CertificateTemplate template, CertificateAuthority ca) {
        this.template = template;
        this.ca = ca;
    }

    public CertificateTemplate template() {
        return template;
    }

    /** Issuing certificate first, root last (the chain submitted with the precertificate to a log). */
    public List<X509Certificate> issuerChain() {
        return ca.chain();
    }

    /** The signed precertificate: the template with the critical poison extension (value ASN.1 NULL) last. */
    public synchronized X509Certificate signedPrecertificate() {
        if (signed == null) {
            signed = ca.sign(template, new Extension(POISON_OID, true, encode(DERNull.INSTANCE)));
        }
        return signed;
    }

    /**
     * The final certificate with the non-critical SCT list extension last.
     *
     * @param serializedSctList the TLS-encoded {@code SignedCertificateTimestampList}; wrapped here in the OCTET STRING
     *     that forms the extension value
     */
    public X509Certificate finish(byte[] serializedSctList) {
        return ca.sign(template, new Extension(SCT_LIST_OID, false, encode(new DEROctetString(serializedSctList))));
    }

    /** The final certificate without any CT extension (CT disabled, as Fulcio with an empty {@code --ct-log-url}). */
    public X509Certificate finishWithoutSct() {
        return ca.sign(template, null);
    }

    private static byte[] encode(ASN1Encodable value) {
        try {
            return value.toASN1Primitive().getEncoded("DER");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
