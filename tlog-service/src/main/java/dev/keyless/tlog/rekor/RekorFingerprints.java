package dev.keyless.tlog.rekor;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The fingerprint search keys ({@link PublicKeyMaterial#fingerprints}) of a stored Rekor v1 entry, read back from its
 * canonical body: for entries logged before those keys were written with each entry ({@code engine.IndexBackfill}).
 * Where each kind keeps its verifiers in the canonical body: hashedrekord 0.0.1 {@code spec.signature.publicKey.content},
 * dsse 0.0.1 {@code spec.signatures[].verifier}, intoto 0.0.2 {@code spec.content.envelope.signatures[].publicKey}, all
 * base64 of the canonical PEM (the genesis entry is a hashedrekord, signed by the log's key). Other kinds have none.
 */
public final class RekorFingerprints {
    /** The key set these are, for the backfill's progress. */
    public static final int VERSION = 1;
    /** A body holds at most this many verifiers (dsse and intoto allow 16 signatures). */
    static final int MAX_VERIFIERS = 16;

    private RekorFingerprints() {
    }

    /** The keys; none for a body this cannot read (it was valid when logged, so that means another kind). */
    public static List<String> of(byte[] canonicalBody) {
        try {
            JsonNode body = Json.parseBody(canonicalBody);
            JsonNode spec = body.path("spec");
            List<JsonNode> pems = new ArrayList<>();
            switch (body.path("kind").asString("") + " " + body.path("apiVersion").asString("")) {
                case "hashedrekord 0.0.1" -> pems.add(spec.path("signature").path("publicKey").path("content"));
                case "dsse 0.0.1" -> spec.path("signatures").forEach(s -> pems.add(s.path("verifier")));
                case "intoto 0.0.2" -> spec.path("content").path("envelope").path("signatures")
                        .forEach(s -> pems.add(s.path("publicKey")));
                default -> {
                    return List.of();
                }
            }
            List<String> keys = new ArrayList<>();
            for (JsonNode pem : pems.subList(0, Math.min(pems.size(), MAX_VERIFIERS))) {
                if (pem.isString()) {
                    for (String k : PublicKeyMaterial.parse(Base64.getDecoder().decode(pem.asString())).fingerprints()) {
                        if (!keys.contains(k)) {
                            keys.add(k);
                        }
                    }
                }
            }
            return keys;
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
