package dev.keyless.ca.issuance;

import dev.keyless.ca.identity.Principal;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Issues leaves: profile → template → (precertificate → SCT →) signed certificate. Thread-safe. */
public final class CertificateIssuer {
    private final Supplier<CertificateAuthority> ca;
    private final CodeSigningProfile profile;
    private final CertificateTransparency transparency;

    public CertificateIssuer(CertificateAuthority ca, CodeSigningProfile profile, CertificateTransparency transparency) {
        this(() -> ca, profile, transparency);
    }

    /**
     * @param ca the CA in use now (it follows its files, {@code rotation.Reloadable}); taken once per certificate, so
     *     a leaf and its precertificate are signed by the same key and the chain answered is that key's
     */
    public CertificateIssuer(Supplier<CertificateAuthority> ca, CodeSigningProfile profile,
            CertificateTransparency transparency) {
        this.ca = ca;
        this.profile = profile;
        this.transparency = transparency;
    }

    /**
     * First step: the certificate's template, and the signed precertificate if leaves are logged. Computing only.
     */
    public Precertificate prepare(Principal principal, PublicKey subjectKey) {
        CertificateAuthority now = ca.get();
        CertificateTemplate template = profile.template(principal, subjectKey, now.issuingCertificate());
        Precertificate precertificate = new Precertificate(template, now);
        if (transparency.logs()) {
            precertificate.signedPrecertificate();
        }
        return precertificate;
    }

    /** Whether {@link #submit} asks a CT log (and so waits); false when CT is off. */
    public boolean logs() {
        return transparency.logs();
    }

    /** Second step, the one that waits: the CT log's answer, or null if leaves are not logged. */
    public CertificateTransparency.Submission submit(Precertificate precertificate) {
        return transparency.logs() ? transparency.submit(precertificate) : null;
    }

    /** Last step: the final leaf, followed by the CA chain (issuing certificate … root). Computing only. */
    public List<X509Certificate> finish(Precertificate precertificate, CertificateTransparency.Submission submission) {
        X509Certificate leaf = transparency.finish(precertificate, submission);
        List<X509Certificate> chain = new ArrayList<>(precertificate.issuerChain().size() + 1);
        chain.add(leaf);
        chain.addAll(precertificate.issuerChain());
        return List.copyOf(chain);
    }

    /** The three steps in a row, for callers that hold no issuance slot (tools, tests). */
    public List<X509Certificate> issue(Principal principal, PublicKey subjectKey) {
        Precertificate precertificate = prepare(principal, subjectKey);
        return finish(precertificate, submit(precertificate));
    }

    /** The CA chain (issuing certificate … root), the one trust bundle chain. */
    public List<X509Certificate> caChain() {
        return ca.get().chain();
    }
}
