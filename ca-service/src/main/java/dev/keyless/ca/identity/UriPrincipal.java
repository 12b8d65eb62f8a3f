package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * A URI identity (type {@code uri}): {@code sub} must be an absolute URL, not an email, whose scheme and host equal
 * the configured subject domain's; SAN URI = {@code sub}.
 */
public record UriPrincipal(String issuer, String subject, Claims claims) implements Principal {

    static UriPrincipal from(IssuerSettings settings, Claims claims) {
        String sub = claims.require("sub");
        URI uri;
        URI domain = URI.create(settings.subjectDomain());
        try {
            uri = new URI(sub);
        } catch (URISyntaxException e) {
            throw new InvalidTokenException("sub is not a URI");
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            throw new InvalidTokenException("sub is not an absolute URL");
        }
        if (!uri.getScheme().equals(domain.getScheme()) || !uri.getHost().equals(domain.getHost())) {
            throw new InvalidTokenException("sub is outside the configured subject domain");
        }
        return new UriPrincipal(claims.require("iss"), sub, claims);
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
