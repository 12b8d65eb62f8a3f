package dev.keyless.ca.policy;

import dev.keyless.ca.identity.Claims;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One allow-rule on a token claim: the claim must be present with a string form and equal a value, fully match a
 * regular expression, or be one of a list. Exactly one of the three is configured. The rule name appears in the 403
 * answer, so it should say what is required (e.g. {@code only-my-org}).
 *
 * @param name shown to the client when the rule refuses a request
 * @param claim claim name; a dotted path reaches into objects ({@code kubernetes.io.namespace})
 * @param equals required value
 * @param matches regular expression the whole value must match
 * @param in allowed values
 */
public record ClaimRule(String name, String claim, String equals, Pattern matches, List<String> in) {

    public ClaimRule {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,63}")) {
            throw new IllegalArgumentException("policy rule names are 1-64 characters of letters, digits, space and ._:/-: " + name);
        }
        if (claim == null || claim.isBlank()) {
            throw new IllegalArgumentException("policy rule " + name + " needs a claim");
        }
        int conditions = (equals != null ? 1 : 0) + (matches != null ? 1 : 0) + (in != null && !in.isEmpty() ? 1 : 0);
        if (conditions != 1) {
            throw new IllegalArgumentException("policy rule " + name + " needs exactly one of equals, matches, in");
        }
        in = in == null ? null : List.copyOf(in);
    }

    /** Builds a rule from configuration strings. */
    public static ClaimRule of(String name, String claim, String equals, String matches, List<String> in) {
        return new ClaimRule(name, claim, equals, matches == null ? null : Pattern.compile(matches), in);
    }

    /** Whether the claims satisfy this rule; an absent claim never does. */
    public boolean allows(Claims claims) {
        Optional<String> value = claims.string(claim);
        if (value.isEmpty()) {
            return false;
        }
        String v = value.get();
        if (equals != null) {
            return equals.equals(v);
        }
        if (matches != null) {
            return matches.matcher(v).matches();
        }
        return in.contains(v);
    }
}
