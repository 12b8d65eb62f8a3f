package dev.keyless.ca.policy;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.identity.Claims;
import dev.keyless.ca.identity.IssuerSettings;
import dev.keyless.ca.identity.IssuerType;
import dev.keyless.ca.identity.KubernetesPrincipal;
import dev.keyless.ca.identity.Principal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IssuancePolicyTest {
    static final String GH = "https://token.actions.githubusercontent.com";
    static final String EKS = "https://oidc.eks.*.amazonaws.com/id/*";
    static final List<IssuerSettings> ISSUERS = List.of(
            new IssuerSettings(GH, "sigstore", IssuerType.KUBERNETES, null, null, false, null),
            new IssuerSettings(EKS, "sigstore", IssuerType.KUBERNETES, null, null, false, null),
            new IssuerSettings("https://free.example.com", "sigstore", IssuerType.KUBERNETES, null, null, false, null));
    static final IssuancePolicy POLICY = new IssuancePolicy(ISSUERS, Map.of(
            GH, List.of(
                    ClaimRule.of("only-my-org", "repository_owner", "my-org", null, null),
                    ClaimRule.of("release-refs", "ref", null, "refs/(heads/main|tags/v.*)", null)),
            EKS, List.of(ClaimRule.of("build-namespaces", "kubernetes.io.namespace", null, null, List.of("build", "release")))));

    static Principal principal(String issuer, Map<String, Object> claims) {
        return new KubernetesPrincipal(issuer, "sub", "ns", "sa", new Claims(claims));
    }

    @Test
    void allRulesOfTheIssuerMustHold() {
        assertThatCode(() -> POLICY.check(principal(GH, Map.of("repository_owner", "my-org", "ref", "refs/heads/main"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> POLICY.check(principal(GH, Map.of("repository_owner", "my-org", "ref", "refs/tags/v1.2"))))
                .doesNotThrowAnyException();
        assertRefusedBy("only-my-org", principal(GH, Map.of("repository_owner", "other", "ref", "refs/heads/main")));
        assertRefusedBy("release-refs", principal(GH, Map.of("repository_owner", "my-org", "ref", "refs/heads/feature")));
        // matches is anchored at both ends
        assertRefusedBy("release-refs", principal(GH, Map.of("repository_owner", "my-org", "ref", "xrefs/heads/main")));
        assertRefusedBy("only-my-org", principal(GH, Map.of("ref", "refs/heads/main")));
    }

    @Test
    void metaIssuerRulesApplyToEveryMatchingIssuer() {
        String eks = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123";
        assertThatCode(() -> POLICY.check(principal(eks, Map.of("kubernetes.io", Map.of("namespace", "build")))))
                .doesNotThrowAnyException();
        assertRefusedBy("build-namespaces", principal(eks, Map.of("kubernetes.io", Map.of("namespace", "default"))));
    }

    @Test
    void issuersWithoutRulesAllowEveryVerifiedIdentity() {
        assertThatCode(() -> POLICY.check(principal("https://free.example.com", Map.of()))).doesNotThrowAnyException();
    }

    @Test
    void misconfiguredRulesFailAtStartup() {
        assertThatThrownBy(() -> ClaimRule.of("two", "c", "a", "b", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClaimRule.of("none", "c", null, null, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClaimRule.of("bad\nname", "c", "a", null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IssuancePolicy(ISSUERS, Map.of("https://unknown", List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefusedBy(String rule, Principal principal) {
        assertThatThrownBy(() -> POLICY.check(principal)).isInstanceOf(PolicyViolationException.class)
                .hasMessage("refused by policy rule " + rule);
    }
}
