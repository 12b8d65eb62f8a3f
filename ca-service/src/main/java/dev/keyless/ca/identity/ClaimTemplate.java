package dev.keyless.ca.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A ci-provider template (fulcio.md §3.4): either a bare claim name, or a string with {@code {{ … }}} actions in
 * the small subset of Go {@code text/template} that Fulcio's shipped templates use:
 * {@code {{ .claim }}}, {@code {{ index . "claim/with.dots" }}} (optionally parenthesized) and
 * {@code {{ if eq <value> "literal" }}…{{ else }}…{{ end }}} without nesting. Anything else is refused when the
 * configuration is loaded, so a template never fails for syntax at request time.
 *
 * <p>Rendering looks values up in the flattened claims overlaid on the default values; a missing key is an error,
 * as with Go's {@code missingkey=error}.
 */
public final class ClaimTemplate {
    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}", Pattern.DOTALL);
    private static final Pattern FIELD = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern INDEX = Pattern.compile("\\(?\\s*index\\s+\\.\\s+\"([^\"]*)\"\\s*\\)?");
    private static final Pattern IF_EQ = Pattern.compile("if\\s+eq\\s+(\\S+|\\(index\\s+\\.\\s+\"[^\"]*\"\\))\\s+\"([^\"]*)\"");

    private sealed interface Node permits Text, Value, IfEq {
    }

    private record Text(String text) implements Node {
    }

    private record Value(String key) implements Node {
    }

    private record IfEq(String key, String literal, List<Node> then, List<Node> otherwise) implements Node {
    }

    private final String source;
    private final List<Node> nodes;

    private ClaimTemplate(String source, List<Node> nodes) {
        this.source = source;
        this.nodes = nodes;
    }

    /**
     * @throws IllegalArgumentException if the template uses syntax outside the supported subset
     */
    public static ClaimTemplate parse(String source) {
        if (!source.contains("{{")) {
            return new ClaimTemplate(source, List.of(new Value(source)));
        }
        List<Node> root = new ArrayList<>();
        List<Node> current = root;
        String ifKey = null;
        String ifLiteral = null;
        List<Node> thenNodes = null;
        Matcher m = ACTION.matcher(source);
        int pos = 0;
        while (m.find()) {
            if (m.start() > pos) {
                current.add(new Text(source.substring(pos, m.start())));
            }
            pos = m.end();
            String action = m.group(1).trim();
            Matcher ifEq = IF_EQ.matcher(action);
            if (ifEq.matches()) {
                if (ifKey != null) {
                    throw new IllegalArgumentException("template: nested if is not supported: " + source);
                }
                ifKey = key(ifEq.group(1), source);
                ifLiteral = ifEq.group(2);
                thenNodes = new ArrayList<>();
                current = thenNodes;
            } else if (action.equals("else")) {
                if (ifKey == null || current != thenNodes) {
                    throw new IllegalArgumentException("template: else without if: " + source);
                }
                current = new ArrayList<>();
            } else if (action.equals("end")) {
                if (ifKey == null) {
                    throw new IllegalArgumentException("template: end without if: " + source);
                }
                List<Node> otherwise = current == thenNodes ? List.of() : current;
                root.add(new IfEq(ifKey, ifLiteral, List.copyOf(thenNodes), List.copyOf(otherwise)));
                ifKey = null;
                current = root;
            } else {
                current.add(new Value(key(action, source)));
            }
        }
        if (ifKey != null) {
            throw new IllegalArgumentException("template: if without end: " + source);
        }
        if (pos < source.length()) {
            String rest = source.substring(pos);
            if (rest.contains("{{")) {
                throw new IllegalArgumentException("template: unterminated action: " + source);
            }
            root.add(new Text(rest));
        }
        return new ClaimTemplate(source, List.copyOf(root));
    }

    private static String key(String expression, String source) {
        Matcher field = FIELD.matcher(expression);
        if (field.matches()) {
            return field.group(1);
        }
        Matcher index = INDEX.matcher(expression);
        if (index.matches()) {
            return index.group(1);
        }
        throw new IllegalArgumentException("template: unsupported action {{" + expression + "}} in: " + source);
    }

    /**
     * @param data flattened claims overlaid on default values
     * @throws IdentityMappingException naming the missing key (Fulcio returns this text to the client)
     */
    public String render(Map<String, String> data) {
        StringBuilder out = new StringBuilder();
        render(nodes, data, out);
        return out.toString();
    }

    private static void render(List<Node> nodes, Map<String, String> data, StringBuilder out) {
        for (Node node : nodes) {
            switch (node) {
                case Text t -> out.append(t.text());
                case Value v -> out.append(lookup(data, v.key()));
                case IfEq i -> render(lookup(data, i.key()).equals(i.literal()) ? i.then() : i.otherwise(), data, out);
            }
        }
    }

    private static String lookup(Map<String, String> data, String key) {
        String value = data.get(key);
        if (value == null) {
            throw new IdentityMappingException("the token has no claim \"" + key + "\" required by the certificate template");
        }
        return value;
    }

    @Override
    public String toString() {
        return source;
    }
}
