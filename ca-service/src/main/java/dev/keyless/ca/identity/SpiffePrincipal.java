package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.regex.Pattern;

/**
 * A SPIFFE workload (type {@code spiffe}): {@code sub} must be a SPIFFE ID ({@code spiffe://<trust-domain>/<path>})
 * in the configured trust domain; SAN URI = {@code sub}.
 */
public record SpiffePrincipal(String issuer, String subject, Claims claims) implements Principal {
    // SPIFFE ID spec §2: lowercase trust domain of [a-z0-9.-_], a non-empty path of segments without "." / "..".
    private static final Pattern SPIFFE_ID = Pattern.compile("spiffe://([a-z0-9._-]+)((?:/[A-Za-z0-9._-]+)+)");

    static SpiffePrincipal from(IssuerSettings settings, Claims claims) {
        String sub = claims.require("sub");
        var m = SPIFFE_ID.matcher(sub);
        if (!m.matches() || m.group(2).matches(".*/\\.{1,2}(/.*)?")) {
            throw new InvalidTokenException("sub is not a SPIFFE ID");
        }
        if (!m.group(1).equals(settings.spiffeTrustDomain())) {
            throw new InvalidTokenException("SPIFFE ID is outside the configured trust domain");
        }
        return new SpiffePrincipal(claims.require("iss"), sub, claims);
    }

    @Override
    public String name() {
        return subject;
    }

    @Override
    public SubjectAltName subjectAltName() {
        return new SubjectAltName.Uri(subject);
    }

    @Override
    public SigstoreExtensions extensions() {
        return Principal.baseExtensions(issuer, subject);
    }
}
