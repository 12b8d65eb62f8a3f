package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.List;

/**
 * The identity a verified token proves, one type per {@link IssuerType} (fulcio.md §3.3). A principal knows the
 * string the client signs for proof of possession ({@link #name()}), the certificate's single SAN and its Sigstore
 * extensions, so issuance needs nothing else from the token.
 */
public sealed interface Principal permits EmailPrincipal, GithubWorkflowPrincipal, GitlabPipelinePrincipal,
        KubernetesPrincipal, SpiffePrincipal, UriPrincipal, UsernamePrincipal, BuildkitePrincipal, CiProviderPrincipal {

    /** The token's {@code iss} (for meta-issuers the concrete URL, not the pattern). */
    String issuer();

    /** The token's raw {@code sub}. */
    String subject();

    /** All verified claims, for issuance policy rules. */
    Claims claims();

    /** What the client signs for proof of possession: the email for email issuers, {@code sub} for all others (fulcio.md §2). */
    String name();

    SubjectAltName subjectAltName();

    SigstoreExtensions extensions();

    /**
     * Every string a proof of possession may sign: {@link #name()} first; email principals also accept {@code sub},
     * because sigstore-java signs {@code sub} even for email tokens (clients.md).
     */
    default List<String> acceptedChallenges() {
        return List.of(name());
    }

    /** Extensions every principal carries: issuer (.1, .8) and token subject (.24). */
    static SigstoreExtensions baseExtensions(String issuer, String subject) {
        return SigstoreExtensions.builder().issuer(issuer).tokenSubject(subject).build();
    }

    /** Maps verified claims to the principal type of the issuer. */
    static Principal from(IssuerSettings issuer, Claims claims) {
        return switch (issuer.type()) {
            case EMAIL -> EmailPrincipal.from(issuer, claims);
            case GITHUB_WORKFLOW -> GithubWorkflowPrincipal.from(claims);
            case GITLAB_PIPELINE -> GitlabPipelinePrincipal.from(claims);
            case KUBERNETES -> KubernetesPrincipal.from(claims);
            case SPIFFE -> SpiffePrincipal.from(issuer, claims);
            case URI -> UriPrincipal.from(issuer, claims);
            case USERNAME -> UsernamePrincipal.from(issuer, claims);
            case BUILDKITE_JOB -> BuildkitePrincipal.from(claims);
            case CI_PROVIDER -> CiProviderPrincipal.from(issuer, claims);
        };
    }
}
