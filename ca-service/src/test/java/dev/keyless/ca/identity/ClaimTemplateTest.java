package dev.keyless.ca.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClaimTemplateTest {
    static final Map<String, String> DATA = Map.of("url", "https://gitlab.com", "ref", "main", "ref_type", "branch",
            "oidc.circleci.com/vcs-ref", "refs/heads/x");

    @Test
    void bareNameIsAClaimLookup() {
        assertThat(ClaimTemplate.parse("ref").render(DATA)).isEqualTo("main");
    }

    @Test
    void fieldsIndexAndIfEqElse() {
        assertThat(ClaimTemplate.parse("{{ .url }}/{{.ref}}").render(DATA)).isEqualTo("https://gitlab.com/main");
        assertThat(ClaimTemplate.parse("{{index . \"oidc.circleci.com/vcs-ref\"}}").render(DATA)).isEqualTo("refs/heads/x");
        ClaimTemplate gitlabRef = ClaimTemplate.parse("refs/{{if eq .ref_type \"branch\"}}heads/{{ else }}tags/{{end}}{{ .ref }}");
        assertThat(gitlabRef.render(DATA)).isEqualTo("refs/heads/main");
        assertThat(gitlabRef.render(Map.of("ref_type", "tag", "ref", "v1"))).isEqualTo("refs/tags/v1");
        assertThat(ClaimTemplate.parse("{{if eq .ref_type \"tag\"}}t{{end}}").render(DATA)).isEmpty();
    }

    @Test
    void missingKeyIsAMappingError() {
        assertThatThrownBy(() -> ClaimTemplate.parse("{{ .nope }}").render(DATA)).isInstanceOf(IdentityMappingException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> ClaimTemplate.parse("nope").render(DATA)).isInstanceOf(IdentityMappingException.class);
    }

    @Test
    void unsupportedSyntaxIsRefusedAtParseTime() {
        for (String bad : new String[] {"{{ printf \"%s\" .x }}", "{{ .x", "{{end}}", "{{else}}", "{{if eq .a \"b\"}}x",
                "{{if eq .a \"b\"}}{{if eq .c \"d\"}}{{end}}{{end}}"}) {
            assertThatThrownBy(() -> ClaimTemplate.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void claimsFlattenLikeFulcio() {
        Claims claims = new Claims(Map.of("s", "x", "b", true, "l", 42L, "d", 7.0, "f", 1.5, "o", Map.of("k", "v"),
                "kubernetes.io", Map.of("namespace", "ns", "serviceaccount", Map.of("name", "sa"))));
        assertThat(claims.flattened()).containsEntry("s", "x").containsEntry("b", "true").containsEntry("l", "42")
                .containsEntry("d", "7").containsEntry("f", "1.5").doesNotContainKey("o");
        assertThat(claims.string("kubernetes.io.namespace")).contains("ns");
        assertThat(claims.string("kubernetes.io.serviceaccount.name")).contains("sa");
        assertThat(claims.string("o.k")).contains("v");
        assertThat(claims.string("o.missing")).isEmpty();
    }
}
