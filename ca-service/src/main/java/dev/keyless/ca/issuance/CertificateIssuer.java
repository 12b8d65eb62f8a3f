package dev.keyless.ca.issuance;

import dev.keyless.ca.identity.Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/** Issues leaves: policy → template → (precertificate → SCT →) signed certificate. Thread-safe. */
public final class CertificateIssuer {
    private final CertificateAuthority ca;
    private final CodeSigningCertificatePolicy policy;
    private final CertificateTransparency transparency;

    public CertificateIssuer(CertificateAuthority ca, CodeSigningCertificatePolicy policy, CertificateTransparency transparency) {
        this.ca = ca;
        this.policy = policy;
        this.transparency = transparency;
    }

    /** The leaf followed by the CA chain (issuing certificate … root). */
    public List<X509Certificate> issue(Principal principal, PublicKey subjectKey) {
        CertificateTemplate template = policy.template(principal, subjectKey, ca.issuingCertificate());
        X509Certificate leaf = transparency.embedSct(new Precertificate(template, ca));
        List<X509Certificate> chain = new ArrayList<>(ca.chain().size() + 1);
        chain.add(leaf);
        chain.addAll(ca.chain());
        return List.copyOf(chain);
    }

    /** The CA chain (issuing certificate … root), the one trust bundle chain. */
    public List<X509Certificate> caChain() {
        return ca.chain();
    }
}
