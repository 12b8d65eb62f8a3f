package dev.keyless.tlog.rekor;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.StrictBase64;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Strict field access for proposed entries: a wrong type or an unknown field is a 400, never a 500. */
final class Json {
    /** For JSON nested inside a string field (a DSSE envelope, an in-toto statement): one value, no repeated names. */
    private static final JsonMapper NESTED = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }

    /** Parses JSON carried as a string; anything but one JSON object is {@code invalid <what>}. */
    static JsonNode parse(String json, String what) {
        try {
            JsonNode n = NESTED.readTree(json);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (JacksonException e) {
            // fall through to the fixed message
        }
        throw RekorApiException.invalidEntry("invalid " + what);
    }

    /** Parses a request body that must be one JSON object (no repeated names, nothing after it). */
    static JsonNode parseBody(byte[] body) {
        try {
            JsonNode n = NESTED.readTree(body);
            if (n != null && n.isObject()) {
                return n;
            }
        } catch (JacksonException e) {
            // fall through to the fixed message
        }
        throw RekorApiException.badRequest("the request body must be one JSON object");
    }

    /** The elements of a required array of 1..{@code max} items. */
    static List<JsonNode> array(JsonNode parent, String field, int max) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isArray() || n.isEmpty()) {
            throw RekorApiException.invalidEntry("missing or invalid " + field);
        }
        if (n.size() > max) {
            throw RekorApiException.invalidEntry("too many " + field);
        }
        List<JsonNode> out = new ArrayList<>(n.size());
        n.forEach(out::add);
        return out;
    }

    /** An optional string field: {@code null} when absent; present but not a string is a 400. May be empty. */
    static String optionalString(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null) {
            return null;
        }
        if (!n.isString()) {
            throw RekorApiException.invalidEntry("missing or invalid " + field);
        }
        return n.asString();
    }

    /** Canonical standard base64 of at least one byte, else {@code reason}. */
    static byte[] base64(String s, String reason) {
        try {
            byte[] b = StrictBase64.decode(s);
            if (b.length > 0) {
                return b;
            }
        } catch (EncodingException e) {
            // fall through to the fixed message
        }
        throw RekorApiException.invalidEntry(reason);
    }

    /**
     * The UTF-8 bytes of a string that is hashed or signed; an unpaired surrogate (possible through a JSON
     * {@code \\ud800} escape) has no UTF-8 form, and silently replacing it would hash something the client never sent.
     */
    static byte[] utf8(String s, String reason) {
        try {
            var buf = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).encode(CharBuffer.wrap(s));
            byte[] out = new byte[buf.remaining()];
            buf.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw RekorApiException.invalidEntry(reason);
        }
    }

    static JsonNode object(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isObject()) {
            throw RekorApiException.invalidEntry("missing or invalid " + field);
        }
        return n;
    }

    static String string(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n == null || !n.isString() || n.asString().isEmpty()) {
            throw RekorApiException.invalidEntry("missing or invalid " + field);
        }
        return n.asString();
    }

    static void onlyFields(JsonNode node, Set<String> allowed, String where) {
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            if (!allowed.contains(names.next())) {
                throw RekorApiException.invalidEntry("unknown field in " + where);
            }
        }
    }
}
