package dev.keyless.admin.monitor;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Who to watch for, from a YAML file an operator writes:
 *
 * <pre>
 * webhook: https://hooks.example/keyless      # optional: each alert is also POSTed here
 * rules:
 *   - name: release-workflow
 *     san: https://github.com/my-org/app/.github/workflows/release.yml@refs/heads/main   # exact
 *     issuer: https://token.actions.githubusercontent.com
 *   - name: anyone-at-example
 *     san-regex: .*@example\.com
 *   - name: the-old-key
 *     public-key-sha256: 3b1f...
 * </pre>
 *
 * A rule matches an entry's signer when every field it gives matches: {@code san} (exact) or {@code san-regex} (the
 * whole name), {@code issuer}, {@code github-repository}, {@code github-workflow}, {@code github-ref},
 * {@code certificate-sha256}, {@code public-key-sha256} (hex of the DER). The webhook is the operator's: the monitor
 * never calls a URL that log content names.
 */
record IdentityRules(List<Rule> rules, URI webhook) {
    static final int MAX_RULES = 1000;

    record Rule(String name, String san, Pattern sanRegex, String issuer, String repository, String workflow, String ref,
            String certificateSha256, String publicKeySha256) {
        boolean matches(EntryIdentity id) {
            return (san == null || id.sans().contains(san))
                    && (sanRegex == null || id.sans().stream().anyMatch(s -> sanRegex.matcher(s).matches()))
                    && eq(issuer, id.issuer()) && eq(repository, id.repository()) && eq(workflow, id.workflow())
                    && eq(ref, id.ref()) && eqHex(certificateSha256, id.certificateSha256())
                    && eqHex(publicKeySha256, id.publicKeySha256());
        }

        private static boolean eq(String want, String got) {
            return want == null || want.equals(got);
        }

        private static boolean eqHex(String want, String got) {
            return want == null || (got != null && want.toLowerCase(Locale.ROOT).equals(got));
        }
    }

    static IdentityRules read(Path file) throws IOException {
        JsonNode root = YAMLMapper.builder().build().readTree(Files.readAllBytes(file));
        List<Rule> rules = new ArrayList<>();
        for (JsonNode r : root.path("rules")) {
            String name = r.path("name").asString("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException(file + ": every rule needs a name");
            }
            Rule rule = new Rule(name, text(r, "san"), r.has("san-regex") ? Pattern.compile(text(r, "san-regex")) : null,
                    text(r, "issuer"), text(r, "github-repository"), text(r, "github-workflow"), text(r, "github-ref"),
                    text(r, "certificate-sha256"), text(r, "public-key-sha256"));
            if (rule.equals(new Rule(name, null, null, null, null, null, null, null, null))) {
                throw new IllegalArgumentException(file + ": rule " + name + " matches nothing in particular: give san, "
                        + "san-regex, issuer, github-repository, github-workflow, github-ref, certificate-sha256 or "
                        + "public-key-sha256");
            }
            rules.add(rule);
        }
        if (rules.size() > MAX_RULES) {
            throw new IllegalArgumentException(file + " has " + rules.size() + " rules, at most " + MAX_RULES);
        }
        URI webhook = root.has("webhook") ? URI.create(root.path("webhook").asString()) : null;
        if (webhook != null && !List.of("http", "https").contains(String.valueOf(webhook.getScheme()))) {
            throw new IllegalArgumentException(file + ": webhook must be an http(s) URL");
        }
        return new IdentityRules(List.copyOf(rules), webhook);
    }

    static IdentityRules none() {
        return new IdentityRules(List.of(), null);
    }

    private static String text(JsonNode r, String field) {
        return r.has(field) ? r.path(field).asString() : null;
    }
}
