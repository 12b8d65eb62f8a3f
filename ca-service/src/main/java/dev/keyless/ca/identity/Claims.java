package dev.keyless.ca.identity;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a verified token, read as strings the way Fulcio's principals read them: strings as they are,
 * booleans as {@code true}/{@code false}, whole numbers without exponent or fraction (Fulcio #2406), other numbers
 * in their shortest decimal form. Objects and arrays have no string form and read as absent, except through a dotted
 * path ({@code kubernetes.io.namespace} when no top-level claim has that exact name).
 */
public final class Claims {
    private final Map<String, Object> raw;

    public Claims(Map<String, Object> raw) {
        this.raw = Collections.unmodifiableMap(new LinkedHashMap<>(raw));
    }

    /** The unmodified claim values as parsed from the token JSON. */
    public Map<String, Object> raw() {
        return raw;
    }

    /** The claim as a string, or empty if absent, null, an object or an array. */
    public Optional<String> string(String name) {
        Object value = raw.containsKey(name) ? raw.get(name) : path(name);
        return Optional.ofNullable(flatten(value));
    }

    /** The claim as a non-empty string, or {@link InvalidTokenException} naming the claim. */
    public String require(String name) {
        return string(name).filter(s -> !s.isEmpty())
                .orElseThrow(() -> new InvalidTokenException("token lacks required claim " + name));
    }

    /** Every top-level claim that has a string form, for templates (fulcio.md §3.4). */
    public Map<String, String> flattened() {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            String s = flatten(v);
            if (s != null) {
                out.put(k, s);
            }
        });
        return out;
    }

    private Object path(String dotted) {
        Object node = raw;
        String remaining = dotted;
        // Greedy from the left: "kubernetes.io.namespace" finds the claim "kubernetes.io" before trying "kubernetes".
        while (node instanceof Map<?, ?> map) {
            Object found = null;
            String rest = null;
            for (int i = remaining.length(); i > 0; i = remaining.lastIndexOf('.', i - 1)) {
                String head = remaining.substring(0, i);
                if (map.containsKey(head)) {
                    found = map.get(head);
                    rest = i == remaining.length() ? "" : remaining.substring(i + 1);
                    break;
                }
            }
            if (rest == null) {
                return null;
            }
            if (rest.isEmpty()) {
                return found;
            }
            node = found;
            remaining = rest;
        }
        return null;
    }

    static String flatten(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b.toString();
            case Integer i -> i.toString();
            case Long l -> l.toString();
            case Double d when !d.isNaN() && !d.isInfinite() && d == Math.rint(d) ->
                    BigDecimal.valueOf(d).setScale(0).toPlainString();
            case Number n -> n.toString();
            default -> null;
        };
    }
}
