package dev.keyless.common.json;

/**
 * A non-recursive RFC 8259 grammar check run before the canonicalizer, because the canonicalizer is lenient where
 * RFC 8785 (which requires I-JSON, RFC 7493) is not: it accepts leading zeros ({@code 01}), replaces escaped lone
 * surrogates with '?', and recurses without bound (deep nesting overflows the stack). Duplicate names are left to
 * the canonicalizer, which rejects them after unescaping. Noncharacters are accepted, as real clients emit them.
 */
final class StrictJsonValidator {
    private final String s;
    private final int maxDepth;
    private int pos;

    private StrictJsonValidator(String s, int maxDepth) {
        this.s = s;
        this.maxDepth = maxDepth;
    }

    /**
     * Checks that {@code s} is exactly one JSON value with optional surrounding whitespace.
     *
     * @return true if that value is an object or an array
     * @throws JsonCanonicalizationException on the first violation
     */
    static boolean validate(String s, int maxDepth) {
        return new StrictJsonValidator(s, maxDepth).run();
    }

    private boolean run() {
        // containers[d] is true for an object, false for an array, for open containers 0..depth-1.
        boolean[] containers = new boolean[maxDepth];
        int depth = 0;
        skipWhitespace();
        boolean container = pos < s.length() && (s.charAt(pos) == '{' || s.charAt(pos) == '[');
        boolean expectValue = true;
        while (true) {
            if (expectValue) {
                skipWhitespace();
                char c = peek("a value");
                if (c == '{' || c == '[') {
                    if (depth == maxDepth) {
                        throw new JsonCanonicalizationException("JSON nesting exceeds " + maxDepth + " levels");
                    }
                    pos++;
                    containers[depth++] = c == '{';
                    skipWhitespace();
                    if (peek("a value or close") == (c == '{' ? '}' : ']')) {
                        pos++;
                        depth--;
                        expectValue = false;
                    } else if (c == '{') {
                        member();
                    }
                    continue;
                }
                scalar(c);
                expectValue = false;
                continue;
            }
            skipWhitespace();
            if (depth == 0) {
                if (pos != s.length()) {
                    throw new JsonCanonicalizationException("JSON has content after the top-level value");
                }
                return container;
            }
            char c = peek("',' or a close");
            pos++;
            boolean object = containers[depth - 1];
            if (c == ',') {
                if (object) {
                    skipWhitespace();
                    member();
                }
                expectValue = true;
            } else if (c == (object ? '}' : ']')) {
                depth--;
            } else {
                throw new JsonCanonicalizationException("JSON has an unexpected character where ',' or a close is due");
            }
        }
    }

    /** Reads {@code "name" :} and leaves the position before the member's value. */
    private void member() {
        if (peek("a member name") != '"') {
            throw new JsonCanonicalizationException("JSON object member name is not a string");
        }
        string();
        skipWhitespace();
        if (peek("':'") != ':') {
            throw new JsonCanonicalizationException("JSON object member lacks ':'");
        }
        pos++;
    }

    private void scalar(char c) {
        if (c == '"') {
            string();
        } else if (c == '-' || (c >= '0' && c <= '9')) {
            number();
        } else if (!literal("true") && !literal("false") && !literal("null")) {
            throw new JsonCanonicalizationException("JSON has an unexpected character where a value is due");
        }
    }

    private boolean literal(String word) {
        if (s.startsWith(word, pos)) {
            pos += word.length();
            return true;
        }
        return false;
    }

    private void string() {
        pos++; // opening quote
        while (true) {
            char c = peek("a closing quote");
            pos++;
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw new JsonCanonicalizationException("JSON string has an unescaped control character");
            }
            if (Character.isSurrogate(c)) {
                // Input came from strict UTF-8, so raw surrogates arrive as valid pairs; step over the low half.
                if (!Character.isHighSurrogate(c) || pos == s.length() || !Character.isLowSurrogate(s.charAt(pos))) {
                    throw new JsonCanonicalizationException("JSON string has an unpaired surrogate");
                }
                pos++;
            } else if (c == '\\') {
                escape();
            }
        }
    }

    private void escape() {
        char e = peek("an escape");
        pos++;
        switch (e) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {
            }
            case 'u' -> {
                char unit = hex4();
                if (Character.isLowSurrogate(unit)) {
                    throw new JsonCanonicalizationException("JSON string has an unpaired surrogate escape");
                }
                if (Character.isHighSurrogate(unit)) {
                    if (!s.startsWith("\\u", pos)) {
                        throw new JsonCanonicalizationException("JSON string has an unpaired surrogate escape");
                    }
                    pos += 2;
                    if (!Character.isLowSurrogate(hex4())) {
                        throw new JsonCanonicalizationException("JSON string has an unpaired surrogate escape");
                    }
                }
            }
            default -> throw new JsonCanonicalizationException("JSON string has an invalid escape");
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) {
            throw new JsonCanonicalizationException("JSON string has a truncated \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            char c = s.charAt(pos++);
            int d = c >= '0' && c <= '9' ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                    : -1;
            if (d < 0) {
                throw new JsonCanonicalizationException("JSON string has a non-hex digit in a \\u escape");
            }
            value = (value << 4) | d;
        }
        return (char) value;
    }

    /** RFC 8259 §6: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}, finite as a double. */
    private void number() {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        if (pos < s.length() && s.charAt(pos) == '0') {
            pos++;
            if (pos < s.length() && isDigit(s.charAt(pos))) {
                throw new JsonCanonicalizationException("JSON number has a leading zero");
            }
        } else if (digits() == 0) {
            throw new JsonCanonicalizationException("JSON number lacks integer digits");
        }
        if (pos < s.length() && s.charAt(pos) == '.') {
            pos++;
            if (digits() == 0) {
                throw new JsonCanonicalizationException("JSON number lacks fraction digits");
            }
        }
        if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
            pos++;
            if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
                pos++;
            }
            if (digits() == 0) {
                throw new JsonCanonicalizationException("JSON number lacks exponent digits");
            }
        }
        if (Double.isInfinite(Double.parseDouble(s.substring(start, pos)))) {
            throw new JsonCanonicalizationException("JSON number exceeds the IEEE 754 double range");
        }
    }

    private int digits() {
        int start = pos;
        while (pos < s.length() && isDigit(s.charAt(pos))) {
            pos++;
        }
        return pos - start;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private char peek(String wanted) {
        if (pos >= s.length()) {
            throw new JsonCanonicalizationException("JSON ends where " + wanted + " is due");
        }
        return s.charAt(pos);
    }
}
