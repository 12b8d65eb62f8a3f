package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;

/**
 * A plain user name (type {@code username}): {@code sub} without {@code !} and not an email; the SAN is an otherName
 * holding {@code sub!SubjectDomain} (fulcio.md §3.3) so that it can never be mistaken for an email or URI identity.
 */
public record UsernamePrincipal(String issuer, String subject, String domain, Claims claims) implements Principal {

    static UsernamePrincipal from(IssuerSettings settings, Claims claims) {
        String sub = claims.require("sub");
        if (sub.contains("!")) {
            throw new InvalidTokenException("sub contains '!'");
        }
        if (sub.contains("@")) {
            throw new InvalidTokenException("sub is an email address");
        }
        return new UsernamePrincipal(claims.require("iss"), sub, settings.subjectDomain(), claims);
    }

    @Override
    public String name() {
        return subject;
    }

    @Override
    public SubjectAltName subjectAltName() {
        return new SubjectAltName.Username(subject + "!" + domain);
    }

    @Override
    public SigstoreExtensions extensions() {
        return Principal.baseExtensions(issuer, subject);
    }
}
