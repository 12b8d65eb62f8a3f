package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.List;
import java.util.Map;

/**
 * A GitLab CI job (type {@code gitlab-pipeline}, Fulcio's legacy GitLab principal): the claims Fulcio requires must
 * be present and {@code ref_type} must be {@code branch} or {@code tag}; SAN and extensions follow Fulcio's GitLab
 * template for gitlab.com (fulcio.md §3.4) without .23. Self-managed instances use {@code ci-provider} with their own
 * {@code url} default.
 */
public record GitlabPipelinePrincipal(String issuer, String subject, Claims claims, SubjectAltName subjectAltName,
        SigstoreExtensions extensions) implements Principal {
    static final List<String> REQUIRED = List.of("project_path", "pipeline_source", "pipeline_id", "ci_config_ref_uri",
            "job_id", "ref", "ref_type", "namespace_path", "namespace_id", "project_id", "sha", "runner_environment",
            "runner_id");

    /**
     * Fulcio's legacy GitLab principal reads {@code ci_config_sha} and {@code project_visibility} without requiring
     * them: absent, their extensions (.10, .19, .22) are left out, where the ci-provider template would refuse.
     */
    private static final CiProviderTemplate TEMPLATE = CiProviderTemplate.GITLAB_PIPELINE
            .withDefaults(Map.of("ci_config_sha", "", "project_visibility", ""));

    static GitlabPipelinePrincipal from(Claims claims) {
        REQUIRED.forEach(claims::require);
        String refType = claims.require("ref_type");
        if (!refType.equals("branch") && !refType.equals("tag")) {
            throw new InvalidTokenException("ref_type is neither branch nor tag");
        }
        String iss = claims.require("iss");
        String sub = claims.require("sub");
        // Rendered now so that a missing template value fails before anything is signed.
        SubjectAltName san = new SubjectAltName.Uri(TEMPLATE.renderSubjectAltName(claims));
        SigstoreExtensions extensions = TEMPLATE.renderExtensions(claims, iss, sub).toBuilder()
                .deploymentEnvironment(null).build();
        return new GitlabPipelinePrincipal(iss, sub, claims, san, extensions);
    }

    @Override
    public String name() {
        return subject;
    }
}
