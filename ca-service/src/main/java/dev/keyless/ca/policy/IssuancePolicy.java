package dev.keyless.ca.policy;

import dev.keyless.ca.identity.IssuerSettings;
import dev.keyless.ca.identity.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-issuer allow-rules (the most requested operator feature, fulcio#1989): every rule of the issuer that verified
 * the token must hold, otherwise the request is refused before anything is signed. Issuers without rules allow every
 * verified identity, as Fulcio does.
 */
public final class IssuancePolicy {
    private record Entry(String url, Pattern metaPattern, List<ClaimRule> rules) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * @param rulesByIssuer rules keyed by the configured issuer URL or meta-issuer pattern
     */
    public IssuancePolicy(List<IssuerSettings> issuers, Map<String, List<ClaimRule>> rulesByIssuer) {
        for (IssuerSettings s : issuers) {
            List<ClaimRule> rules = rulesByIssuer.getOrDefault(s.url(), List.of());
            entries.add(new Entry(s.url(), s.isMeta() ? s.metaPattern() : null, List.copyOf(rules)));
        }
        for (String url : rulesByIssuer.keySet()) {
            if (entries.stream().noneMatch(e -> e.url().equals(url))) {
                throw new IllegalArgumentException("policy rules for an issuer that is not configured: " + url);
            }
        }
    }

    /**
     * @throws PolicyViolationException naming the first rule that refuses
     */
    public void check(Principal principal) {
        for (ClaimRule rule : rulesFor(principal.issuer())) {
            if (!rule.allows(principal.claims())) {
                throw new PolicyViolationException(rule.name());
            }
        }
    }

    /** The same lookup order as the issuer pool: exact URL first, then patterns in configuration order. */
    private List<ClaimRule> rulesFor(String issuer) {
        for (Entry e : entries) {
            if (e.metaPattern() == null && e.url().equals(issuer)) {
                return e.rules();
            }
        }
        for (Entry e : entries) {
            if (e.metaPattern() != null && e.metaPattern().matcher(issuer).matches()) {
                return e.rules();
            }
        }
        // Unreachable for a principal the pool produced; refuse rather than allow if it ever happens.
        throw new PolicyViolationException("issuer-not-configured");
    }
}
