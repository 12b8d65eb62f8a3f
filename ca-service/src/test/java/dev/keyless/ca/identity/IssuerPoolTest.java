package dev.keyless.ca.identity;

import dev.keyless.common.x509.SigstoreExtensions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import static dev.keyless.ca.testing.TestClaims.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import dev.keyless.ca.testing.TestClaims;
import dev.keyless.ca.testing.TestOidcProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One table row per issuer type: a real token from a local OIDC provider in, the Fulcio identity out. */
class IssuerPoolTest {
    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static TestOidcProvider idp;
    static IssuerPool pool;

    @BeforeAll
    static void start() {
        idp = new TestOidcProvider();
        pool = pool(idp, Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                settings("/email", IssuerType.EMAIL, null, null, null),
                settings("/github", IssuerType.GITHUB_WORKFLOW, null, null, null),
                settings("/gitlab", IssuerType.GITLAB_PIPELINE, null, null, null),
                settings("/k8s", IssuerType.KUBERNETES, null, null, null),
                settings("/spiffe", IssuerType.SPIFFE, null, "example.org", null),
                settings("/uri", IssuerType.URI, "http://127.0.0.1", null, null),
                settings("/username", IssuerType.USERNAME, "example.com", null, null),
                settings("/buildkite", IssuerType.BUILDKITE_JOB, null, null, null),
                settings("/ci-github", IssuerType.CI_PROVIDER, null, null, CiProviderTemplate.GITHUB_WORKFLOW),
                settings("/ci-gitlab", IssuerType.CI_PROVIDER, null, null, CiProviderTemplate.GITLAB_PIPELINE),
                settings("/ci-buildkite", IssuerType.CI_PROVIDER, null, null, CiProviderTemplate.BUILDKITE_JOB),
                settings("/tenant/*", IssuerType.KUBERNETES, null, null, null)));
    }

    @AfterAll
    static void stop() {
        idp.close();
    }

    static IssuerSettings settings(String path, IssuerType type, String subjectDomain, String trustDomain,
            CiProviderTemplate template) {
        return new IssuerSettings(idp.issuer(path), AUDIENCE, type, subjectDomain, trustDomain, false, template);
    }

    static IssuerPool pool(TestOidcProvider idp, Clock clock, List<IssuerSettings> settings) {
        HttpRetriever retriever = new HttpRetriever(Duration.ofSeconds(5), 1 << 20);
        return new IssuerPool(settings, s -> new OidcIssuer(s, retriever, clock));
    }

    record Row(String name, String path, BiFunction<String, Instant, Map<String, Object>> claims,
            Class<? extends Principal> type, String principalName, String san, SigstoreExtensions extensions) {
    }

    static Stream<Arguments> rows() {
        String gh = "https://github.com/";
        String ghWorkflow = "my-org/my-repo/.github/workflows/release.yml@refs/heads/main";
        String sha = "0123456789abcdef0123456789abcdef01234567";
        String ghSub = "repo:my-org/my-repo:ref:refs/heads/main";
        SigstoreExtensions github = SigstoreExtensions.builder()
                .githubWorkflowTrigger("push").githubWorkflowSha(sha).githubWorkflowName("Release")
                .githubWorkflowRepository("my-org/my-repo").githubWorkflowRef("refs/heads/main")
                .buildSignerUri(gh + ghWorkflow).buildSignerDigest(sha).runnerEnvironment("github-hosted")
                .sourceRepositoryUri(gh + "my-org/my-repo").sourceRepositoryDigest(sha).sourceRepositoryRef("refs/heads/main")
                .sourceRepositoryIdentifier("2002").sourceRepositoryOwnerUri(gh + "my-org").sourceRepositoryOwnerIdentifier("1001")
                .buildConfigUri(gh + ghWorkflow).buildConfigDigest(sha).buildTrigger("push")
                .runInvocationUri(gh + "my-org/my-repo/actions/runs/3003/attempts/1")
                .sourceRepositoryVisibilityAtSigning("public").tokenSubject(ghSub).build();
        String glSha = "714a629c0b401fdce83e847fc9589983fc6f46bc";
        String glConfig = "https://gitlab.com/my-group/my-project//.gitlab-ci.yml@refs/heads/main";
        String glSub = "project_path:my-group/my-project:ref_type:branch:ref:main";
        SigstoreExtensions gitlab = SigstoreExtensions.builder()
                .buildSignerUri(glConfig).buildSignerDigest(glSha).runnerEnvironment("gitlab-hosted")
                .sourceRepositoryUri("https://gitlab.com/my-group/my-project").sourceRepositoryDigest(glSha)
                .sourceRepositoryRef("refs/heads/main").sourceRepositoryIdentifier("20")
                .sourceRepositoryOwnerUri("https://gitlab.com/my-group").sourceRepositoryOwnerIdentifier("72")
                .buildConfigUri(glConfig).buildConfigDigest(glSha).buildTrigger("push")
                .runInvocationUri("https://gitlab.com/my-group/my-project/-/jobs/302")
                .sourceRepositoryVisibilityAtSigning("private").tokenSubject(glSub).build();
        String bkSub = "organization:acme:pipeline:release:ref:refs/heads/main:commit:abc:step:build";
        return Stream.of(
                new Row("email", "/email", TestClaims::email, EmailPrincipal.class, "alice@example.com",
                        "alice@example.com", base("user-123")),
                new Row("github-workflow", "/github", TestClaims::github, GithubWorkflowPrincipal.class, ghSub,
                        gh + ghWorkflow, github),
                new Row("gitlab-pipeline", "/gitlab", TestClaims::gitlab, GitlabPipelinePrincipal.class, glSub,
                        glConfig, gitlab),
                // Fulcio's legacy GitLab principal does not require these two: their extensions are left out.
                new Row("gitlab-pipeline without ci_config_sha and project_visibility", "/gitlab", (i, n) -> {
                    Map<String, Object> c = TestClaims.gitlab(i, n);
                    c.remove("ci_config_sha");
                    c.remove("project_visibility");
                    return c;
                }, GitlabPipelinePrincipal.class, glSub, glConfig, gitlab.toBuilder().buildSignerDigest(null)
                        .buildConfigDigest(null).sourceRepositoryVisibilityAtSigning(null).build()),
                new Row("kubernetes", "/k8s", TestClaims::kubernetes, KubernetesPrincipal.class,
                        "system:serviceaccount:build:signer",
                        "https://kubernetes.io/namespaces/build/serviceaccounts/signer", base("system:serviceaccount:build:signer")),
                new Row("spiffe", "/spiffe", (i, n) -> TestClaims.subjectOnly(i, "spiffe://example.org/ns/build/sa/signer", n),
                        SpiffePrincipal.class, "spiffe://example.org/ns/build/sa/signer",
                        "spiffe://example.org/ns/build/sa/signer", base("spiffe://example.org/ns/build/sa/signer")),
                new Row("uri", "/uri", (i, n) -> TestClaims.subjectOnly(i, "http://127.0.0.1/users/alice", n),
                        UriPrincipal.class, "http://127.0.0.1/users/alice", "http://127.0.0.1/users/alice",
                        base("http://127.0.0.1/users/alice")),
                new Row("username", "/username", (i, n) -> TestClaims.subjectOnly(i, "alice", n),
                        UsernamePrincipal.class, "alice", "alice!example.com", base("alice")),
                new Row("buildkite-job", "/buildkite", TestClaims::buildkite, BuildkitePrincipal.class, bkSub,
                        "https://buildkite.com/acme/release", base(bkSub)),
                new Row("ci-provider github", "/ci-github", TestClaims::github, CiProviderPrincipal.class, ghSub,
                        gh + ghWorkflow, github),
                new Row("ci-provider github with environment", "/ci-github", (i, n) -> {
                    Map<String, Object> c = TestClaims.github(i, n);
                    c.put("environment", "production");
                    return c;
                }, CiProviderPrincipal.class, ghSub, gh + ghWorkflow, github.toBuilder().deploymentEnvironment("production").build()),
                new Row("ci-provider gitlab", "/ci-gitlab", TestClaims::gitlab, CiProviderPrincipal.class, glSub,
                        glConfig, gitlab),
                new Row("ci-provider buildkite", "/ci-buildkite", TestClaims::buildkite, CiProviderPrincipal.class, bkSub,
                        "https://buildkite.com/acme/release", SigstoreExtensions.builder()
                                .runInvocationUri("https://buildkite.com/acme/release/builds/42#0190-job")
                                .runnerEnvironment("buildkite-hosted").sourceRepositoryDigest("abc123")
                                .buildTrigger("webhook").tokenSubject(bkSub).build()),
                new Row("meta-issuer kubernetes", "/tenant/eu-1", TestClaims::kubernetes, KubernetesPrincipal.class,
                        "system:serviceaccount:build:signer",
                        "https://kubernetes.io/namespaces/build/serviceaccounts/signer", base("system:serviceaccount:build:signer"))
        ).map(r -> Arguments.of(r.name(), r));
    }

    private static SigstoreExtensions base(String sub) {
        return SigstoreExtensions.builder().tokenSubject(sub).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void verifiedTokenMapsToFulcioIdentity(String name, Row row) {
        String issuer = idp.issuer(row.path());
        Principal p = pool.authenticate(idp.mint(row.claims().apply(issuer, NOW)));

        assertThat(p).isInstanceOf(row.type());
        assertThat(p.issuer()).isEqualTo(issuer);
        assertThat(p.name()).isEqualTo(row.principalName());
        assertThat(p.subjectAltName().value()).isEqualTo(row.san());
        assertThat(p.extensions()).isEqualTo(row.extensions().toBuilder().issuer(issuer).build());
    }

    /** A token whose signature, audience and times are fine, but whose identity breaks its issuer type's rules. */
    record Refusal(String name, String path, BiFunction<String, Instant, Map<String, Object>> claims, String reason) {
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                new Refusal("spiffe: another trust domain", "/spiffe",
                        (i, n) -> TestClaims.subjectOnly(i, "spiffe://other.org/ns/build/sa/signer", n), "outside the configured trust domain"),
                new Refusal("spiffe: not a SPIFFE ID", "/spiffe",
                        (i, n) -> TestClaims.subjectOnly(i, "https://example.org/ns/build", n), "not a SPIFFE ID"),
                new Refusal("uri: outside the subject domain", "/uri",
                        (i, n) -> TestClaims.subjectOnly(i, "http://evil.example/users/alice", n), "outside the configured subject domain"),
                new Refusal("username: contains !", "/username",
                        (i, n) -> TestClaims.subjectOnly(i, "alice!example.com", n), "contains '!'"),
                new Refusal("username: an email address", "/username",
                        (i, n) -> TestClaims.subjectOnly(i, "alice@example.com", n), "is an email address"),
                new Refusal("gitlab-pipeline: ref_type neither branch nor tag", "/gitlab", (i, n) -> {
                    Map<String, Object> c = TestClaims.gitlab(i, n);
                    c.put("ref_type", "merge_request");
                    return c;
                }, "neither branch nor tag"),
                new Refusal("gitlab-pipeline: no runner_id", "/gitlab", (i, n) -> {
                    Map<String, Object> c = TestClaims.gitlab(i, n);
                    c.remove("runner_id");
                    return c;
                }, "required claim runner_id"),
                new Refusal("github-workflow: no workflow_sha", "/github", (i, n) -> {
                    Map<String, Object> c = TestClaims.github(i, n);
                    c.remove("workflow_sha");
                    return c;
                }, "required claim workflow_sha"),
                new Refusal("kubernetes: no kubernetes.io claim", "/k8s", (i, n) -> {
                    Map<String, Object> c = TestClaims.kubernetes(i, n);
                    c.remove("kubernetes.io");
                    return c;
                }, "kubernetes.io"),
                new Refusal("buildkite-job: no organization_slug", "/buildkite", (i, n) -> {
                    Map<String, Object> c = TestClaims.buildkite(i, n);
                    c.remove("organization_slug");
                    return c;
                }, "organization_slug")
        ).map(r -> Arguments.of(r.name(), r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void anIdentityThatBreaksItsIssuerTypesRulesIsRefused(String name, Refusal refusal) {
        String token = idp.mint(refusal.claims().apply(idp.issuer(refusal.path()), NOW));
        assertThatThrownBy(() -> pool.authenticate(token)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining(refusal.reason());
    }

    @Test
    void emailPrincipalAcceptsEmailAndSubAsChallenge() {
        Principal p = pool.authenticate(idp.mint(TestClaims.email(idp.issuer("/email"), NOW)));
        assertThat(p.acceptedChallenges()).containsExactly("alice@example.com", "user-123");
        assertThat(p.subjectAltName()).isInstanceOf(SubjectAltName.Email.class);
    }

    @Test
    void ecdsaSignedTokensAreAccepted() {
        String token = TestOidcProvider.mint(TestClaims.email(idp.issuer("/email"), NOW), idp.ec,
                JWSAlgorithm.ES256);
        assertThat(pool.authenticate(token).name()).isEqualTo("alice@example.com");
    }

    @Test
    void everyRsaPssAndEcdsaAlgorithmFulcioAllowsIsAccepted() {
        Map<JWSAlgorithm, JWK> keys = new LinkedHashMap<>();
        for (var alg : List.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
                JWSAlgorithm.RS512, JWSAlgorithm.PS256,
                JWSAlgorithm.PS384, JWSAlgorithm.PS512)) {
            keys.put(alg, idp.rsa);
        }
        keys.put(JWSAlgorithm.ES256, idp.ec);
        keys.put(JWSAlgorithm.ES384, idp.ec384);
        keys.put(JWSAlgorithm.ES512, idp.ec521);
        keys.forEach((alg, key) -> {
            String token = TestOidcProvider.mint(TestClaims.email(idp.issuer("/email"), NOW), key, alg);
            assertThat(pool.authenticate(token).name()).as(alg.getName()).isEqualTo("alice@example.com");
        });
        assertThat(OidcIssuer.ALLOWED_ALGORITHMS).containsExactlyInAnyOrderElementsOf(keys.keySet());
    }

    @Test
    void aTokenTypedJwtOrJoseInAnySpellingOrNotAtAllIsAcceptedAndAnAccessTokenIsNot() {
        Map<String, Object> claims = TestClaims.subjectOnly(idp.issuer("/spiffe"), "spiffe://example.org/ns/build/sa/signer", NOW);
        for (JOSEObjectType type : Arrays.asList(JOSEObjectType.JWT, JOSEObjectType.JOSE, null,
                new JOSEObjectType("application/jwt"), new JOSEObjectType("jose"))) {
            String token = TestOidcProvider.mint(claims, idp.rsa, JWSAlgorithm.RS256, type);
            assertThat(pool.authenticate(token).name()).as(String.valueOf(type)).isEqualTo("spiffe://example.org/ns/build/sa/signer");
        }
        String accessToken = TestOidcProvider.mint(claims, idp.rsa, JWSAlgorithm.RS256, new JOSEObjectType("at+jwt"));
        assertThatThrownBy(() -> pool.authenticate(accessToken)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("typ is neither JWT nor JOSE");
    }

    @Test
    void skipEmailVerificationAcceptsAnUnverifiedEmailOnlyForThatIssuer() {
        IssuerPool skipping = pool(idp, Clock.fixed(NOW, ZoneOffset.UTC), List.of(
                new IssuerSettings(idp.issuer("/email-unverified"), AUDIENCE, IssuerType.EMAIL, null, null, true, null),
                settings("/email", IssuerType.EMAIL, null, null, null)));
        for (Object unverified : new Object[] {false, "false", null}) {
            Map<String, Object> lax = TestClaims.email(idp.issuer("/email-unverified"), NOW);
            Map<String, Object> strict = TestClaims.email(idp.issuer("/email"), NOW);
            if (unverified == null) {
                lax.remove("email_verified");
                strict.remove("email_verified");
            } else {
                lax.put("email_verified", unverified);
                strict.put("email_verified", unverified);
            }
            assertThat(skipping.authenticate(idp.mint(lax)).name()).as(String.valueOf(unverified)).isEqualTo("alice@example.com");
            assertThatThrownBy(() -> skipping.authenticate(idp.mint(strict))).as(String.valueOf(unverified))
                    .isInstanceOf(InvalidTokenException.class).hasMessageContaining("email_verified");
        }
    }

    @Test
    void metaIssuerWildcardDoesNotSpanSlashesOrDots() {
        for (String path : List.of("/tenant/a/b", "/tenant/a.b", "/tenant/", "/tenantx/a")) {
            String token = idp.mint(TestClaims.kubernetes(idp.issuer(path), NOW));
            assertThatThrownBy(() -> pool.authenticate(token)).as(path).isInstanceOf(InvalidTokenException.class)
                    .hasMessageContaining("not a configured issuer");
        }
    }

    @Test
    void discoveryRunsOncePerIssuer() {
        int before = idp.discoveryRequests.get();
        String issuer = idp.issuer("/tenant/once");
        pool.authenticate(idp.mint(TestClaims.kubernetes(issuer, NOW)));
        pool.authenticate(idp.mint(TestClaims.kubernetes(issuer, NOW)));
        pool.authenticate(idp.mint(TestClaims.kubernetes(issuer, NOW)));
        assertThat(idp.discoveryRequests.get() - before).isEqualTo(1);
    }

    @Test
    void nonAsciiEmailCannotBecomeAnRfc822Name() {
        Map<String, Object> claims = TestClaims.email(idp.issuer("/email"), NOW);
        claims.put("email", "j\u00f6rg@example.com");
        assertThatThrownBy(() -> pool.authenticate(idp.mint(claims))).isInstanceOf(IdentityMappingException.class);
    }

    @Test
    void stringEmailVerifiedIsAccepted() {
        Map<String, Object> claims = TestClaims.email(idp.issuer("/email"), NOW);
        claims.put("email_verified", "true");
        assertThat(pool.authenticate(idp.mint(claims)).name()).isEqualTo("alice@example.com");
    }
}
