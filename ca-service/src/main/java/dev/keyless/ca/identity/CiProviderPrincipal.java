package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;

/**
 * Any CI system described by a {@link CiProviderTemplate} (type {@code ci-provider}, fulcio.md §3.4). SAN and
 * extensions are rendered once, here, so a template that needs a missing claim fails before any signing.
 */
public record CiProviderPrincipal(String issuer, String subject, Claims claims, SubjectAltName subjectAltName,
        SigstoreExtensions extensions) implements Principal {

    static CiProviderPrincipal from(IssuerSettings settings, Claims claims) {
        String iss = claims.require("iss");
        String sub = claims.require("sub");
        CiProviderTemplate template = settings.ciProvider();
        String san = template.renderSubjectAltName(claims);
        if (san.isEmpty()) {
            throw new IdentityMappingException("the subject alternative name template rendered empty");
        }
        return new CiProviderPrincipal(iss, sub, claims, new SubjectAltName.Uri(san),
                template.renderExtensions(claims, iss, sub));
    }

    @Override
    public String name() {
        return subject;
    }
}
