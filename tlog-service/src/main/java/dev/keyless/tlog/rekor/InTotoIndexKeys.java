package dev.keyless.tlog.rekor;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Search keys from an in-toto statement payload, as Rekor's dsse and intoto {@code IndexKeys} take them: every
 * {@code subject[].digest} and, for SLSA provenance, every {@code predicate.materials[].digest}, each as
 * {@code <alg>:<digest>}. A payload that is not such a statement adds nothing (Rekor logs and moves on).
 *
 * <p>The digests are client text, so each key is bounded before it reaches the index: printable ASCII without
 * spaces, at most {@value #MAX_KEY_CHARS} characters, at most {@value #MAX_KEYS} keys per entry. Others are skipped.
 */
final class InTotoIndexKeys {
    static final int MAX_KEYS = 64;
    static final int MAX_KEY_CHARS = 256;

    private InTotoIndexKeys() {
    }

    /** Adds the statement's digest keys to {@code out} when {@code payloadType} is in-toto. */
    static void addTo(Collection<String> out, String payloadType, byte[] payload) {
        if (!DsseEnvelope.IN_TOTO_PAYLOAD_TYPE.equals(payloadType)) {
            return;
        }
        JsonNode statement;
        try {
            statement = Json.parse(new String(payload, StandardCharsets.UTF_8), "statement");
        } catch (RekorApiException e) {
            return;
        }
        int[] budget = {MAX_KEYS};
        addDigests(out, statement.get("subject"), budget);
        JsonNode predicate = statement.get("predicate");
        if (predicate != null && predicate.isObject()) {
            addDigests(out, predicate.get("materials"), budget);
        }
    }

    private static void addDigests(Collection<String> out, JsonNode items, int[] budget) {
        if (items == null || !items.isArray()) {
            return;
        }
        for (JsonNode item : items) {
            JsonNode digest = item.get("digest");
            if (digest == null || !digest.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> d : digest.properties()) {
                if (budget[0] == 0) {
                    return;
                }
                if (d.getValue().isString()) {
                    String key = (d.getKey() + ":" + d.getValue().asString()).toLowerCase(Locale.ROOT);
                    if (storable(key)) {
                        out.add(key);
                        budget[0]--;
                    }
                }
            }
        }
    }

    private static boolean storable(String key) {
        if (key.length() > MAX_KEY_CHARS) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
