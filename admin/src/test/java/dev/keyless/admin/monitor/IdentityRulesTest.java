package dev.keyless.admin.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules match when every field they give matches; a rule naming nothing, or a webhook that is not http(s), is refused. */
class IdentityRulesTest {
    @TempDir
    Path dir;

    static final EntryIdentity RELEASE = new EntryIdentity(
            List.of("https://github.com/my-org/app/.github/workflows/release.yml@refs/heads/main"),
            "https://token.actions.githubusercontent.com", "my-org/app", "release", "refs/heads/main", "ab12", "cd34");

    IdentityRules read(String yaml) throws Exception {
        return IdentityRules.read(Files.writeString(dir.resolve("rules.yaml"), yaml));
    }

    @Test
    void everyFieldARuleGivesMustMatch() throws Exception {
        IdentityRules rules = read("""
                webhook: https://hooks.example/keyless
                rules:
                  - name: release
                    san-regex: https://github.com/my-org/app/.*
                    issuer: https://token.actions.githubusercontent.com
                    github-ref: refs/heads/main
                  - name: other-ref
                    github-repository: my-org/app
                    github-ref: refs/heads/dev
                  - name: by-key
                    public-key-sha256: CD34
                """);
        assertThat(rules.webhook()).hasToString("https://hooks.example/keyless");
        assertThat(rules.rules()).filteredOn(r -> r.matches(RELEASE)).extracting(IdentityRules.Rule::name)
                .containsExactly("release", "by-key");
    }

    @Test
    void aRuleNamingNothingAndAWebhookThatIsNotHttpAreRefused() {
        assertThatThrownBy(() -> read("rules:\n  - name: all\n")).hasMessageContaining("matches nothing in particular");
        assertThatThrownBy(() -> read("rules:\n  - san: x\n")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> read("webhook: file:///etc/passwd\nrules: []\n"))
                .hasMessageContaining("webhook must be an http(s) URL");
    }
}
