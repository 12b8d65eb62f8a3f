package dev.keyless.common.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random documents are built as a tree, then written as JSON text twice with independent random choices of member
 * order, whitespace, string escaping and number spelling. Canonical form must be the same for both spellings
 * (it depends only on the data model) and must be a fixed point.
 */
class CanonicalJsonPropertyTest {
    private static final String WS = " \t\n\r";

    @Test
    void canonicalizeWhenRandomDocumentsThenSpellingIndependentAndIdempotent() {
        Random random = new Random(8785);
        for (int i = 0; i < 400; i++) {
            Object doc = randomValue(random, 0);
            String a = write(doc, random);
            String b = write(doc, random);

            String canonical = CanonicalJson.canonicalize(a);
            assertThat(CanonicalJson.canonicalize(b)).as("second spelling of %s", a).isEqualTo(canonical);
            assertThat(CanonicalJson.canonicalize(canonical)).isEqualTo(canonical);
            assertThat(CanonicalJson.canonicalize(canonical.getBytes(StandardCharsets.UTF_8)))
                    .asString(StandardCharsets.UTF_8).isEqualTo(canonical);
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth >= 5 ? 5 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextInt(3) == 0 ? (Object) random.nextLong() : (Object) (long) (random.nextInt(2000) - 1000);
            case 3 -> randomDouble(random);
            case 4 -> randomString(random);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(6); n > 0; n--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    private static double randomDouble(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextDouble();
            case 1 -> (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(60) - 30);
            case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL); // finite, any exponent
            default -> random.nextInt(100) / 4.0;
        };
    }

    private static String randomString(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(8); n > 0; n--) {
            int cp = switch (random.nextInt(6)) {
                case 0 -> random.nextInt(0x20); // control characters: must be escaped
                case 1 -> "\"\\/".charAt(random.nextInt(3));
                case 2, 3 -> 0x20 + random.nextInt(0x60);
                case 4 -> 0x80 + random.nextInt(0xd800 - 0x80);
                default -> 0x10000 + random.nextInt(0x100000);
            };
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    private static String write(Object value, Random random) {
        StringBuilder out = new StringBuilder();
        write(value, random, out);
        return ws(random) + out + ws(random);
    }

    @SuppressWarnings("unchecked")
    private static void write(Object value, Random random, StringBuilder out) {
        if (value == null || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Long l) {
            out.append(switch (random.nextInt(3)) {
                case 0 -> Long.toString(l);
                // Doubles hold integers exactly only up to 2^53; past that both spellings still round identically.
                case 1 -> l + ".0";
                default -> l + "E0";
            });
        } else if (value instanceof Double d) {
            out.append(random.nextBoolean() ? Double.toString(d) : new BigDecimal(d).toString());
        } else if (value instanceof String s) {
            writeString(s, random, out);
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? ws(random) : ws(random) + "," + ws(random));
                write(list.get(i), random, out);
            }
            out.append(ws(random)).append(']');
        } else {
            List<Map.Entry<String, Object>> entries = new ArrayList<>(((Map<String, Object>) value).entrySet());
            Collections.shuffle(entries, random);
            out.append('{');
            for (int i = 0; i < entries.size(); i++) {
                out.append(i == 0 ? ws(random) : ws(random) + "," + ws(random));
                writeString(entries.get(i).getKey(), random, out);
                out.append(ws(random)).append(':').append(ws(random));
                write(entries.get(i).getValue(), random, out);
            }
            out.append(ws(random)).append('}');
        }
    }

    /** Escapes a random subset of code points; a surrogate pair is escaped as a whole or not at all. */
    private static void writeString(String s, Random random, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean mustEscape = cp < 0x20 || cp == '"' || cp == '\\';
            if (mustEscape || random.nextInt(4) == 0) {
                for (char c : Character.toChars(cp)) {
                    String hex = String.format(Locale.ROOT, "%04x", (int) c);
                    out.append("\\u").append(random.nextBoolean() ? hex : hex.toUpperCase(Locale.ROOT));
                }
            } else {
                out.appendCodePoint(cp);
            }
        }
        out.append('"');
    }

    private static String ws(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int n = random.nextInt(4) == 0 ? random.nextInt(3) + 1 : 0; n > 0; n--) {
            sb.append(WS.charAt(random.nextInt(WS.length())));
        }
        return sb.toString();
    }
}
