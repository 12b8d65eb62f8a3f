package dev.keyless.common.tuf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The canonical JSON TUF signs: OLPC's, as securesystemslib's {@code encode_canonical} and go-securesystemslib's
 * {@code cjson} write it (tuf.md §3). Object keys sorted, no whitespace, {@code ,} and {@code :} as separators,
 * integers only, and strings with only {@code \} and {@code "} escaped, every other character written raw. That is
 * not RFC 8785: a PEM key's newlines go into the signed bytes as raw 0x0A, where JCS would write {@code \n}.
 *
 * <p>So that every client hashes the same bytes (sigstore-java verifies with a JCS variant that passes only
 * {@code \n} through raw), this writer takes strings of printable ASCII and newlines only, and refuses anything
 * else: then OLPC, go-securesystemslib and sigstore-java's canonicalizer all agree. Values are {@link Map} (keys
 * {@link String}), {@link List}, {@link String}, {@link Long} or {@link Integer}, {@link Boolean} and null.
 */
public final class OlpcJson {
    private OlpcJson() {
    }

    /**
     * @throws IllegalArgumentException naming the first value that has no canonical form here
     */
    public static byte[] encode(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, "$");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void write(StringBuilder sb, Object value, String at) {
        switch (value) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Long l -> sb.append(l);
            case Integer i -> sb.append(i);
            case String s -> string(sb, s, at);
            case Map<?, ?> m -> {
                List<String> keys = new ArrayList<>();
                for (Object k : m.keySet()) {
                    if (!(k instanceof String key)) {
                        throw new IllegalArgumentException(at + " has a key that is not a string: " + k);
                    }
                    keys.add(key);
                }
                // Printable ASCII only (checked as each is written): UTF-16 order is code point order.
                keys.sort(null);
                sb.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    string(sb, keys.get(i), at);
                    sb.append(':');
                    write(sb, m.get(keys.get(i)), at + "." + keys.get(i));
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    write(sb, l.get(i), at + "[" + i + "]");
                }
                sb.append(']');
            }
            default -> throw new IllegalArgumentException(at + " is a " + value.getClass().getSimpleName()
                    + ", want a map, list, string, integer, boolean or null");
        }
    }

    private static void string(StringBuilder sb, String s, String at) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' || c == '"') {
                sb.append('\\').append(c);
            } else if (c == '\n' || (c >= 0x20 && c < 0x7F)) {
                sb.append(c);
            } else {
                throw new IllegalArgumentException(at + " has the character U+" + String.format(Locale.ROOT,
                        "%04X", (int) c) + ", want printable ASCII or a newline");
            }
        }
        sb.append('"');
    }
}
