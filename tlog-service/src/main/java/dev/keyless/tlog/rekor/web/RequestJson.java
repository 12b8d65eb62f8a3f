package dev.keyless.tlog.rekor.web;

import dev.keyless.tlog.rekor.RekorApiException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Parses request bodies into trees so malformed JSON is always Rekor's 400, never a framework error page. */
final class RequestJson {
    private RequestJson() {
    }

    static JsonNode parse(ObjectMapper mapper, byte[] body) {
        if (body == null || body.length == 0) {
            throw RekorApiException.badRequest("request body is required");
        }
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw RekorApiException.badRequest("request body must be a JSON object");
            }
            return node;
        } catch (JacksonException e) {
            throw RekorApiException.badRequest("request body is not valid JSON");
        }
    }

    static <T> T convert(ObjectMapper mapper, JsonNode node, Class<T> type) {
        try {
            return mapper.treeToValue(node, type);
        } catch (JacksonException e) {
            throw RekorApiException.badRequest("request body does not match the expected shape");
        }
    }
}
