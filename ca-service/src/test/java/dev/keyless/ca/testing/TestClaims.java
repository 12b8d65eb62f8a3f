package dev.keyless.ca.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Realistic claim sets per issuer type (shapes of real GitHub, GitLab, Kubernetes and Buildkite tokens). */
public final class TestClaims {
    public static final String AUDIENCE = "sigstore";

    private TestClaims() {
    }

    public static Map<String, Object> email(String issuer, Instant now) {
        Map<String, Object> c = TestOidcProvider.standardClaims(issuer, AUDIENCE, "user-123", now);
        c.put("email", "alice@example.com");
        c.put("email_verified", true);
        return c;
    }

    public static Map<String, Object> github(String issuer, Instant now) {
        Map<String, Object> c = TestOidcProvider.standardClaims(issuer, AUDIENCE,
                "repo:my-org/my-repo:ref:refs/heads/main", now);
        c.put("ref", "refs/heads/main");
        c.put("sha", "0123456789abcdef0123456789abcdef01234567");
        c.put("repository", "my-org/my-repo");
        c.put("repository_owner", "my-org");
        c.put("repository_owner_id", "1001");
        c.put("repository_id", "2002");
        c.put("repository_visibility", "public");
        c.put("run_id", "3003");
        c.put("run_attempt", "1");
        c.put("actor", "alice");
        c.put("workflow", "Release");
        c.put("event_name", "push");
        c.put("workflow_ref", "my-org/my-repo/.github/workflows/release.yml@refs/heads/main");
        c.put("workflow_sha", "0123456789abcdef0123456789abcdef01234567");
        c.put("job_workflow_ref", "my-org/my-repo/.github/workflows/release.yml@refs/heads/main");
        c.put("job_workflow_sha", "0123456789abcdef0123456789abcdef01234567");
        c.put("runner_environment", "github-hosted");
        return c;
    }

    public static Map<String, Object> gitlab(String issuer, Instant now) {
        Map<String, Object> c = TestOidcProvider.standardClaims(issuer, AUDIENCE,
                "project_path:my-group/my-project:ref_type:branch:ref:main", now);
        c.put("namespace_id", "72");
        c.put("namespace_path", "my-group");
        c.put("project_id", "20");
        c.put("project_path", "my-group/my-project");
        c.put("project_visibility", "private");
        c.put("pipeline_id", "574");
        c.put("pipeline_source", "push");
        c.put("job_id", "302");
        c.put("ref", "main");
        c.put("ref_type", "branch");
        c.put("ref_protected", "true");
        c.put("runner_id", 1);
        c.put("runner_environment", "gitlab-hosted");
        c.put("sha", "714a629c0b401fdce83e847fc9589983fc6f46bc");
        c.put("ci_config_ref_uri", "gitlab.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main");
        c.put("ci_config_sha", "714a629c0b401fdce83e847fc9589983fc6f46bc");
        return c;
    }

    public static Map<String, Object> kubernetes(String issuer, Instant now) {
        Map<String, Object> c = TestOidcProvider.standardClaims(issuer, AUDIENCE,
                "system:serviceaccount:build:signer", now);
        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("namespace", "build");
        k8s.put("serviceaccount", Map.of("name", "signer", "uid", "c9e1c0f8"));
        k8s.put("pod", Map.of("name", "signer-7d9", "uid", "aa11"));
        c.put("kubernetes.io", k8s);
        return c;
    }

    public static Map<String, Object> buildkite(String issuer, Instant now) {
        Map<String, Object> c = TestOidcProvider.standardClaims(issuer, AUDIENCE,
                "organization:acme:pipeline:release:ref:refs/heads/main:commit:abc:step:build", now);
        c.put("organization_slug", "acme");
        c.put("pipeline_slug", "release");
        c.put("build_number", 42);
        c.put("job_id", "0190-job");
        c.put("build_commit", "abc123");
        c.put("build_source", "webhook");
        c.put("runner_environment", "buildkite-hosted");
        return c;
    }

    public static Map<String, Object> subjectOnly(String issuer, String subject, Instant now) {
        return TestOidcProvider.standardClaims(issuer, AUDIENCE, subject, now);
    }
}
