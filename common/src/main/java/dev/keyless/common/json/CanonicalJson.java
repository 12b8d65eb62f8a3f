package dev.keyless.common.json;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.StrictUtf8;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * RFC 8785 JSON Canonicalization Scheme: members sorted by UTF-16 code units (§3.2.3), numbers in ECMAScript
 * shortest form (§3.2.2.3), minimal string escaping (§3.2.2.2), no whitespace. Rekor hashes and signs the canonical
 * form of entry bodies and of the signed-entry-timestamp payload, so these bytes must equal what Rekor and
 * sigstore-java produce; we therefore wrap the same library sigstore-java uses ({@code org.erdtman.jcs}).
 *
 * <p>The library is lenient in ways RFC 8785 is not (it requires I-JSON, RFC 7493), so a strict grammar check runs
 * first (see {@link StrictJsonValidator}); the library itself rejects duplicate member names. Input is bounded in
 * size ({@link #DEFAULT_MAX_BYTES}) and nesting ({@link #MAX_DEPTH}) because it usually comes from a request body.
 */
public final class CanonicalJson {
    /** Default input bound: 1 MiB, well above Rekor's largest entry bodies that carry no inline artifact. */
    public static final int DEFAULT_MAX_BYTES = 1 << 20;
    /** Nesting bound; Sigstore documents nest fewer than 10 levels, and the library recurses per level. */
    public static final int MAX_DEPTH = 100;

    private CanonicalJson() {
    }

    /** {@link #canonicalize(byte[], int)} with {@link #DEFAULT_MAX_BYTES}. */
    public static byte[] canonicalize(byte[] utf8Json) {
        return canonicalize(utf8Json, DEFAULT_MAX_BYTES);
    }

    /**
     * Canonicalizes UTF-8 JSON (no byte-order mark) of any top-level type.
     *
     * @param maxBytes the largest input accepted, at least 1
     * @return the canonical UTF-8 bytes
     * @throws JsonCanonicalizationException if the input is over {@code maxBytes}, not well-formed UTF-8, or not
     *     I-JSON
     */
    public static byte[] canonicalize(byte[] utf8Json, int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes is " + maxBytes + ", want >= 1");
        }
        if (utf8Json == null) {
            throw new JsonCanonicalizationException("JSON is null, want UTF-8 bytes");
        }
        if (utf8Json.length > maxBytes) {
            throw new JsonCanonicalizationException("JSON has " + utf8Json.length + " bytes, want <= " + maxBytes);
        }
        return canonicalText(decode(utf8Json)).getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #canonicalize(byte[])} for text; the size bound applies to the text's UTF-8 form. */
    public static String canonicalize(String json) {
        if (json == null) {
            throw new JsonCanonicalizationException("JSON is null, want text");
        }
        return new String(canonicalize(encode(json), DEFAULT_MAX_BYTES), StandardCharsets.UTF_8);
    }

    private static String canonicalText(String json) {
        boolean container = StrictJsonValidator.validate(json, MAX_DEPTH);
        // The library only accepts an object or array at the top; canonicalizing [x] and removing the brackets
        // yields the canonical form of a scalar x.
        String input = container ? json : "[" + json + "]";
        String out;
        try {
            out = new JsonCanonicalizer(input).getEncodedString();
        } catch (IOException | RuntimeException e) {
            // The library's message quotes the input (e.g. the duplicate name), so it is not kept as the cause.
            throw new JsonCanonicalizationException(
                    e.getMessage() != null && e.getMessage().startsWith("Duplicate property")
                            ? "JSON object has a duplicate member name"
                            : "JSON is not valid I-JSON");
        }
        return container ? out : out.substring(1, out.length() - 1);
    }

    private static String decode(byte[] bytes) {
        try {
            return StrictUtf8.decode(bytes);
        } catch (EncodingException e) {
            throw new JsonCanonicalizationException("JSON is not well-formed UTF-8", e);
        }
    }

    private static byte[] encode(String text) {
        try {
            return StrictUtf8.encode(text);
        } catch (EncodingException e) {
            throw new JsonCanonicalizationException("JSON text has an unpaired surrogate", e);
        }
    }
}
