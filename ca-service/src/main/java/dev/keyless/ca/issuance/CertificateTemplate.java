package dev.keyless.ca.issuance;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;

/**
 * Everything of a leaf's TBSCertificate except the issuer's signature algorithm and one optional trailing extension
 * (CT poison for the precertificate, SCT list for the final certificate). A precertificate and its final certificate
 * are both signed from the same template, which is what makes their TBS identical apart from that last extension
 * (RFC 6962 §3.2; fulcio.md §5.1 step 3).
 *
 * @param extensions in DER order; the trailing extension is appended after them
 */
public record CertificateTemplate(BigInteger serial, Instant notBefore, Instant notAfter, X500Name issuer,
        X500Name subject, PublicKey subjectKey, List<Extension> extensions) {

    public CertificateTemplate {
        extensions = List.copyOf(extensions);
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
    }
}
