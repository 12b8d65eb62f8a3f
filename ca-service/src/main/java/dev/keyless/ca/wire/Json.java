package dev.keyless.ca.wire;

import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * ca-service's JSON mapper for the documents it reads from other services and clients (the CT log's answers, Rekor's
 * log info, the timestamp authority's JSON requests) and
 * entries) and the trust files it writes. Strict: a repeated key or anything after the first value is an error, so
 * two readers can never see two different documents in the same bytes. Thread-safe and immutable.
 */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {
    }
}
