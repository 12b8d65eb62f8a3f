package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.List;

/**
 * A GitHub Actions workflow run (type {@code github-workflow}, Fulcio's legacy GitHub principal): every claim Fulcio
 * requires must be present; SAN and extensions follow Fulcio's GitHub template (fulcio.md §3.4), without the
 * deployment environment (.23), which the legacy type never emitted.
 */
public record GithubWorkflowPrincipal(String issuer, String subject, Claims claims, SubjectAltName subjectAltName,
        SigstoreExtensions extensions) implements Principal {
    static final List<String> REQUIRED = List.of("job_workflow_ref", "sha", "event_name", "repository", "workflow",
            "ref", "job_workflow_sha", "runner_environment", "repository_id", "repository_owner",
            "repository_owner_id", "repository_visibility", "workflow_ref", "workflow_sha", "run_id", "run_attempt");

    static GithubWorkflowPrincipal from(Claims claims) {
        REQUIRED.forEach(claims::require);
        String iss = claims.require("iss");
        String sub = claims.require("sub");
        // Rendered now so that a missing template value fails before anything is signed.
        SubjectAltName san = new SubjectAltName.Uri(CiProviderTemplate.GITHUB_WORKFLOW.renderSubjectAltName(claims));
        SigstoreExtensions extensions = CiProviderTemplate.GITHUB_WORKFLOW.renderExtensions(claims, iss, sub).toBuilder()
                .deploymentEnvironment(null).build();
        return new GithubWorkflowPrincipal(iss, sub, claims, san, extensions);
    }

    @Override
    public String name() {
        return subject;
    }
}
