package dev.keyless.tlog.rekor;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code intoto} 0.0.2 (rekor.md §1.2, §2.2; {@code rekor:pkg/types/intoto/v0.0.2/entry.go}): a DSSE envelope
 * spelled out as JSON fields, each signature with its own public key.
 *
 * <p>Rekor's encodings, kept: {@code payload} and {@code sig} are {@code format: byte} fields whose bytes are the
 * DSSE base64 text, so on the wire they are base64 of base64 (sigstore-js: "Double-encode payload and signature
 * cause that's what Rekor expects"); {@code publicKey} is base64 of a PEM key, certificate or chain. The body drops
 * the payload and keeps {@code payloadType}, the signatures (with {@code keyid} only when non-empty, Go's
 * {@code omitempty}), the client's {@code hash} and the server's {@code payloadHash}.
 *
 * <p>Deviations from Rekor: each signature must verify with its own {@code publicKey} (Rekor lets any listed key
 * verify any signature); a supplied {@code payloadHash} must equal the computed one (Rekor overwrites it); the
 * stored {@code publicKey} is the canonical Go PEM, as for hashedrekord and dsse (Rekor stores the submitted bytes,
 * rekor#1170), so PEM formatting cannot make a second leaf. {@code hash} is the client's envelope digest: Rekor
 * neither recomputes nor checks it, since clients hash different envelope serializations; here it must be
 * {@code sha256} with 64 hex digits and is stored as sent.
 */
final class IntotoV002 {
    static final String KIND = "intoto";
    static final String VERSION = "0.0.2";

    private final DsseSignatureVerifier signatures;

    IntotoV002(DsseSignatureVerifier signatures) {
        this.signatures = signatures;
    }

    ValidatedEntry validate(JsonNode spec) {
        Json.onlyFields(spec, Set.of("content"), "spec");
        JsonNode content = Json.object(spec, "content");
        Json.onlyFields(content, Set.of("envelope", "hash", "payloadHash"), "content");
        JsonNode env = Json.object(content, "envelope");
        Json.onlyFields(env, Set.of("payloadType", "payload", "signatures"), "envelope");
        String payloadType = Json.string(env, "payloadType");
        byte[] payload = doubleBase64(Json.string(env, "payload"), "invalid payload");

        List<DsseEnvelope.Signature> sigs = new ArrayList<>();
        List<PublicKeyMaterial> keys = new ArrayList<>();
        for (JsonNode s : Json.array(env, "signatures", DsseEnvelope.MAX_SIGNATURES)) {
            if (!s.isObject()) {
                throw RekorApiException.invalidEntry("missing or invalid signatures");
            }
            Json.onlyFields(s, Set.of("keyid", "sig", "publicKey"), "signature");
            String keyid = Json.optionalString(s, "keyid");
            String sigB64 = new String(Json.base64(Json.string(s, "sig"), "invalid signature"), StandardCharsets.US_ASCII);
            sigs.add(new DsseEnvelope.Signature(keyid == null || keyid.isEmpty() ? null : keyid, sigB64,
                    Json.base64(sigB64, "invalid signature")));
            keys.add(PublicKeyMaterial.parse(Json.base64(Json.string(s, "publicKey"), "invalid public key")));
        }
        DsseEnvelope envelope = DsseEnvelope.of(payloadType, payload, sigs);
        byte[] pae = envelope.pae();
        for (int i = 0; i < sigs.size(); i++) {
            if (!signatures.verifies(keys.get(i).key(), pae, sigs.get(i).sig())) {
                throw RekorApiException.invalidEntry("all signatures must have a key that verifies it");
            }
        }

        JsonNode hash = Json.object(content, "hash");
        String hashValue = sha256Value(hash, "invalid envelope hash");
        String payloadHash = Hash.sha256(payload).toHex();
        if (content.has("payloadHash")) {
            String claimed = sha256Value(Json.object(content, "payloadHash"), "invalid payload hash");
            if (!claimed.toLowerCase(Locale.ROOT).equals(payloadHash)) {
                throw RekorApiException.invalidEntry("payloadHash does not match the payload");
            }
        }

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", VERSION);
        body.put("kind", KIND);
        ObjectNode c = body.putObject("spec").putObject("content");
        ObjectNode e = c.putObject("envelope");
        e.put("payloadType", payloadType);
        ArrayNode out = e.putArray("signatures");
        for (int i = 0; i < sigs.size(); i++) {
            ObjectNode o = out.addObject();
            if (sigs.get(i).keyid() != null) {
                o.put("keyid", sigs.get(i).keyid());
            }
            o.put("sig", StrictBase64.encode(sigs.get(i).sigBase64().getBytes(StandardCharsets.US_ASCII)));
            o.put("publicKey", StrictBase64.encode(pemBytes(keys.get(i))));
        }
        c.putObject("hash").put("algorithm", "sha256").put("value", hashValue);
        c.putObject("payloadHash").put("algorithm", "sha256").put("value", payloadHash);
        byte[] canonical = CanonicalJson.canonicalize(body.toString().getBytes(StandardCharsets.UTF_8));

        // Rekor's intoto IndexKeys: prefixed key hashes and SANs per signature, the payload hash; not the
        // client's envelope hash, which the server cannot recompute.
        Set<String> index = new LinkedHashSet<>();
        for (PublicKeyMaterial k : keys) {
            index.add("sha256:" + Hash.sha256(pemBytes(k)).toHex());
            index.addAll(k.subjects());
            index.addAll(k.fingerprints());
        }
        index.add("sha256:" + payloadHash);
        InTotoIndexKeys.addTo(index, payloadType, payload);
        return new ValidatedEntry(KIND, VERSION, canonical, List.copyOf(index));
    }

    /** base64 whose bytes are themselves canonical standard base64 text, decoded twice. */
    private static byte[] doubleBase64(String s, String reason) {
        return Json.base64(new String(Json.base64(s, reason), StandardCharsets.US_ASCII), reason);
    }

    /** {@code {algorithm: "sha256", value: <64 hex>}}; returns the value as sent. */
    private static String sha256Value(JsonNode hash, String reason) {
        Json.onlyFields(hash, Set.of("algorithm", "value"), "hash");
        if (!"sha256".equals(Json.string(hash, "algorithm"))) {
            throw RekorApiException.invalidEntry(reason);
        }
        String value = Json.string(hash, "value");
        try {
            if (Hex.decode(value).length == 32) {
                return value;
            }
        } catch (EncodingException e) {
            // fall through to the fixed message
        }
        throw RekorApiException.invalidEntry(reason);
    }

    private static byte[] pemBytes(PublicKeyMaterial k) {
        return k.canonicalPem().getBytes(StandardCharsets.US_ASCII);
    }
}
