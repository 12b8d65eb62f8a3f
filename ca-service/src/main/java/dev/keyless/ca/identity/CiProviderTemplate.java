package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fulcio's {@code ci-issuer-metadata} entry (fulcio.md §3.4, {@code pkg/identity/ciprovider/principal.go}): default
 * values, a URI SAN template and one template per extension. Token claims override defaults; issuer and token subject
 * always come from {@code iss}/{@code sub}; extensions that render empty are not emitted.
 *
 * <p>{@link #GITHUB_WORKFLOW}, {@link #GITLAB_PIPELINE} and {@link #BUILDKITE_JOB} are Fulcio's shipped templates
 * ({@code config/identity/config.yaml}).
 */
public record CiProviderTemplate(
        String name,
        Map<String, String> defaults,
        ClaimTemplate subjectAltName,
        Map<ExtensionField, ClaimTemplate> extensions) {

    public CiProviderTemplate {
        defaults = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        Map<ExtensionField, ClaimTemplate> copy = new EnumMap<>(ExtensionField.class);
        copy.putAll(extensions);
        extensions = Collections.unmodifiableMap(copy);
    }

    /** Builds a template from configuration strings; parses every template now so bad syntax fails at startup. */
    public static CiProviderTemplate of(String name, Map<String, String> defaults, String subjectAltNameTemplate,
            Map<String, String> extensionTemplates) {
        if (subjectAltNameTemplate == null || subjectAltNameTemplate.isBlank()) {
            throw new IllegalArgumentException("ci-provider \"" + name + "\" needs a subject-alternative-name-template");
        }
        Map<ExtensionField, ClaimTemplate> parsed = new EnumMap<>(ExtensionField.class);
        extensionTemplates.forEach((field, template) -> parsed.put(ExtensionField.fromConfig(field), ClaimTemplate.parse(template)));
        return new CiProviderTemplate(name, defaults == null ? Map.of() : defaults, ClaimTemplate.parse(subjectAltNameTemplate), parsed);
    }

    /** This template with more default values (token claims still win). */
    public CiProviderTemplate withDefaults(Map<String, String> more) {
        Map<String, String> merged = new LinkedHashMap<>(defaults);
        merged.putAll(more);
        return new CiProviderTemplate(name, merged, subjectAltName, extensions);
    }

    /** The URI SAN for these claims. */
    public String renderSubjectAltName(Claims claims) {
        return subjectAltName.render(data(claims));
    }

    /** The extensions for these claims. */
    public SigstoreExtensions renderExtensions(Claims claims, String issuer, String subject) {
        Map<String, String> data = data(claims);
        SigstoreExtensions.Builder b = SigstoreExtensions.builder();
        extensions.forEach((field, template) -> field.set(b, template.render(data)));
        return b.issuer(issuer).tokenSubject(subject).build();
    }

    private Map<String, String> data(Claims claims) {
        Map<String, String> data = new LinkedHashMap<>(defaults);
        data.putAll(claims.flattened());
        return data;
    }

    public static final CiProviderTemplate GITHUB_WORKFLOW = of("github-workflow",
            ordered("url", "https://github.com", "environment", ""),
            "{{ .url }}/{{ .job_workflow_ref }}",
            ordered(
                    "github-workflow-trigger", "event_name",
                    "github-workflow-sha", "sha",
                    "github-workflow-name", "workflow",
                    "github-workflow-repository", "repository",
                    "github-workflow-ref", "ref",
                    "build-signer-uri", "{{ .url }}/{{ .job_workflow_ref }}",
                    "build-signer-digest", "job_workflow_sha",
                    "runner-environment", "runner_environment",
                    "source-repository-uri", "{{ .url }}/{{ .repository }}",
                    "source-repository-digest", "sha",
                    "source-repository-ref", "ref",
                    "source-repository-identifier", "repository_id",
                    "source-repository-owner-uri", "{{ .url }}/{{ .repository_owner }}",
                    "source-repository-owner-identifier", "repository_owner_id",
                    "build-config-uri", "{{ .url }}/{{ .workflow_ref }}",
                    "build-config-digest", "workflow_sha",
                    "build-trigger", "event_name",
                    "run-invocation-uri", "{{ .url }}/{{ .repository }}/actions/runs/{{ .run_id }}/attempts/{{ .run_attempt }}",
                    "source-repository-visibility-at-signing", "repository_visibility",
                    "deployment-environment", "environment"));

    public static final CiProviderTemplate GITLAB_PIPELINE = of("gitlab-pipeline",
            ordered("url", "https://gitlab.com", "environment", ""),
            "https://{{ .ci_config_ref_uri }}",
            ordered(
                    "build-signer-uri", "https://{{ .ci_config_ref_uri }}",
                    "build-signer-digest", "ci_config_sha",
                    "runner-environment", "runner_environment",
                    "source-repository-uri", "{{ .url }}/{{ .project_path }}",
                    "source-repository-digest", "sha",
                    "source-repository-ref", "refs/{{if eq .ref_type \"branch\"}}heads/{{ else }}tags/{{end}}{{ .ref }}",
                    "source-repository-identifier", "project_id",
                    "source-repository-owner-uri", "{{ .url }}/{{ .namespace_path }}",
                    "source-repository-owner-identifier", "namespace_id",
                    "build-config-uri", "https://{{ .ci_config_ref_uri }}",
                    "build-config-digest", "ci_config_sha",
                    "build-trigger", "pipeline_source",
                    "run-invocation-uri", "{{ .url }}/{{ .project_path }}/-/jobs/{{ .job_id }}",
                    "source-repository-visibility-at-signing", "project_visibility",
                    "deployment-environment", "environment"));

    public static final CiProviderTemplate BUILDKITE_JOB = of("buildkite-job",
            ordered("url", "https://buildkite.com"),
            "{{.url}}/{{.organization_slug}}/{{.pipeline_slug}}",
            ordered(
                    "run-invocation-uri", "{{.url}}/{{.organization_slug}}/{{.pipeline_slug}}/builds/{{.build_number}}#{{.job_id}}",
                    "runner-environment", "runner_environment",
                    "source-repository-digest", "build_commit",
                    "build-trigger", "build_source"));

    /** The shipped templates by Fulcio name. */
    public static Map<String, CiProviderTemplate> builtIns() {
        return Map.of(GITHUB_WORKFLOW.name(), GITHUB_WORKFLOW, GITLAB_PIPELINE.name(), GITLAB_PIPELINE,
                BUILDKITE_JOB.name(), BUILDKITE_JOB);
    }

    private static Map<String, String> ordered(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
