package dev.keyless.ca.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.identity.Claims;
import dev.keyless.ca.identity.IssuerSettings;
import dev.keyless.ca.identity.IssuerType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityConfigurationTest {
    @TempDir
    Path dir;

    static CaProperties props(List<CaProperties.Issuer> issuers, Path file) {
        return new CaProperties(issuers, file, Map.of(), Duration.ofMinutes(10), Path.of("."),
                new CaProperties.Signer("development", null, null, null, null), 4 << 20, 200, 0);
    }

    @Test
    void issuersFileInFulcioLikeYamlIsBound() throws Exception {
        Path file = dir.resolve("issuers.yaml");
        Files.writeString(file, """
                issuers:
                  - url: https://token.actions.githubusercontent.com
                    client-id: sigstore
                    type: ci-provider
                    ci-provider: github-workflow
                    policies:
                      - name: only-my-org
                        claim: repository_owner
                        equals: my-org
                      - name: namespaces
                        claim: namespace
                        in: [a, b]
                  - url: https://oidc.eks.*.amazonaws.com/id/*
                    client-id: sigstore
                    type: kubernetes
                  - url: https://ci.example.com
                    client-id: sigstore
                    type: ci-provider
                    ci-provider: jenkins
                ci-providers:
                  jenkins:
                    default-template-values:
                      url: https://jenkins.example.com
                    subject-alternative-name-template: "{{ .url }}/job/{{ .job }}"
                    extension-templates:
                      build-trigger: trigger
                      run-invocation-uri: "{{ .url }}/job/{{ .job }}/{{ .build }}"
                """);
        CaProperties.Issuer inline = new CaProperties.Issuer("https://accounts.example.com", "sigstore", "email", null, null,
                true, null, List.of());
        var config = new IdentityConfiguration().issuerConfig(props(List.of(inline), file));

        assertThat(config.issuers()).extracting(IssuerSettings::url).containsExactly("https://accounts.example.com",
                "https://token.actions.githubusercontent.com", "https://oidc.eks.*.amazonaws.com/id/*", "https://ci.example.com");
        assertThat(config.issuers().get(0).skipEmailVerification()).isTrue();
        assertThat(config.issuers().get(2).isMeta()).isTrue();
        assertThat(config.issuers().get(2).metaPattern().matcher("https://oidc.eks.eu-west-1.amazonaws.com/id/ABC").matches()).isTrue();
        assertThat(config.issuers().get(2).metaPattern().matcher("https://oidc.eks.evil.com/x.amazonaws.com/id/ABC").matches()).isFalse();
        assertThat(config.rules().get("https://token.actions.githubusercontent.com")).hasSize(2);

        IssuerSettings jenkins = config.issuers().get(3);
        assertThat(jenkins.type()).isEqualTo(IssuerType.CI_PROVIDER);
        Claims claims = new Claims(Map.of("job", "release", "build", 7L, "trigger", "timer"));
        assertThat(jenkins.ciProvider().renderSubjectAltName(claims)).isEqualTo("https://jenkins.example.com/job/release");
        assertThat(jenkins.ciProvider().renderExtensions(claims, "https://ci.example.com", "s").runInvocationUri())
                .isEqualTo("https://jenkins.example.com/job/release/7");
    }

    @Test
    void configurationMistakesFailAtStartup() {
        assertThatThrownBy(() -> IdentityConfiguration.parse(List.of(issuer("https://x.example.com", "ci-provider", null)), Map.of()))
                .hasMessageContaining("unknown ci-provider");
        assertThatThrownBy(() -> IdentityConfiguration.parse(List.of(issuer("https://x.example.com", "nonsense", null)), Map.of()))
                .hasMessageContaining("unknown issuer type");
        assertThatThrownBy(() -> IdentityConfiguration.parse(List.of(issuer("https://x.example.com", "uri", "https://other.org")), Map.of()))
                .hasMessageContaining("subject-domain");
        assertThatThrownBy(() -> IdentityConfiguration.parse(List.of(issuer("ftp://x.example.com", "email", null)), Map.of()))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> IdentityConfiguration.parse(List.of(issuer("https://x.example.com", "spiffe", null)), Map.of()))
                .hasMessageContaining("spiffe-trust-domain");
        assertThatThrownBy(() -> IdentityConfiguration.parse(List.of(issuer("https://x.example.com", "ci-provider", null)),
                Map.of("bad", new CaProperties.CiProvider(Map.of(), Map.of("build-trigger", "{{ call .x }}"), "{{ .x }}"))))
                .hasMessageContaining("unsupported action");
    }

    private static CaProperties.Issuer issuer(String url, String type, String subjectDomain) {
        return new CaProperties.Issuer(url, "sigstore", type, subjectDomain, null, false, "missing", List.of());
    }
}
