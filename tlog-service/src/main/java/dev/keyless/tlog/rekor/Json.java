package dev.keyless.tlog.rekor;

import java.util.Iterator;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Strict field access for proposed entries: a wrong type or an unknown field is a 400, never a 500. */
final class Json {
    private Json() {
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
