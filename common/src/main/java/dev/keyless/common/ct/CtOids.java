package dev.keyless.common.ct;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * The object identifiers of RFC 6962 (Google's arc 1.3.6.1.4.1.11129.2.4). They are all Fulcio needs: it puts the
 * poison into the precertificate (§3.1) and the SCT list into the final certificate (§3.3).
 */
public final class CtOids {
    /** §3.1 precertificate poison: a critical extension whose extnValue is ASN.1 NULL ({@code 05 00}). */
    public static final ASN1ObjectIdentifier PRECERT_POISON = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.3");

    /** §3.3 embedded {@code SignedCertificateTimestampList}; non-critical. */
    public static final ASN1ObjectIdentifier SCT_LIST = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.2");

    /** §3.1 extended key usage of a Precertificate Signing Certificate (Fulcio signs precerts with its CA key). */
    public static final ASN1ObjectIdentifier PRECERT_SIGNING_EKU = new ASN1ObjectIdentifier("1.3.6.1.4.1.11129.2.4.4");

    /** {@link #PRECERT_SIGNING_EKU} as a key purpose, for {@code ExtendedKeyUsage}. */
    public static final KeyPurposeId PRECERT_SIGNING_PURPOSE = KeyPurposeId.getInstance(PRECERT_SIGNING_EKU);

    private CtOids() {
    }

    /** A fresh poison extension: critical, extnValue = DER NULL, exactly as RFC 6962 §3.1 and Go's ct-go emit. */
    public static Extension poisonExtension() {
        try {
            return new Extension(PRECERT_POISON, true, DERNull.INSTANCE.getEncoded());
        } catch (IOException e) {
            throw new UncheckedIOException("encoding DER NULL", e);
        }
    }
}
