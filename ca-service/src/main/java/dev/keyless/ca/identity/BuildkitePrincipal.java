package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;

/**
 * A Buildkite job (type {@code buildkite-job}, Fulcio's legacy principal): SAN
 * {@code https://buildkite.com/<organization_slug>/<pipeline_slug>}, issuer and token subject only. The richer
 * mapping is {@code ci-provider} with the {@code buildkite-job} template.
 */
public record BuildkitePrincipal(String issuer, String subject, String organization, String pipeline, Claims claims)
        implements Principal {

    static BuildkitePrincipal from(Claims claims) {
        return new BuildkitePrincipal(claims.require("iss"), claims.require("sub"), claims.require("organization_slug"),
                claims.require("pipeline_slug"), claims);
    }

    @Override
    public String name() {
        return subject;
    }

    @Override
    public SubjectAltName subjectAltName() {
        return new SubjectAltName.Uri("https://buildkite.com/" + organization + "/" + pipeline);
    }

    @Override
    public SigstoreExtensions extensions() {
        return Principal.baseExtensions(issuer, subject);
    }
}
