package dev.keyless.tlog.rekor;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dsse} 0.0.1 (rekor.md §1.2, §2.2, §3; {@code rekor:pkg/types/dsse/v0.0.1/entry.go}): a DSSE envelope,
 * sent as a JSON string, and the keys or certificates that verify it. Every envelope signature must be verified
 * by some supplied verifier over the PAE ({@link DsseSignatureVerifier}); the log stores only the hashes of the
 * envelope and payload and each signature with the canonical PEM of its verifier, never the envelope.
 *
 * <p>Stricter than Rekor, on purpose: server-computed fields are refused rather than ignored, every verifier must
 * verify at least one signature (Rekor's answer depends on the order of the verifiers), a signature repeated in the
 * envelope is refused (Rekor merges it), and the counts are bounded.
 */
final class DsseV001 {
    static final String KIND = "dsse";
    static final String VERSION = "0.0.1";
    static final int MAX_VERIFIERS = 16;
    /** The request body limit is 64 KiB, so this only matters if that limit is raised. */
    static final int MAX_ENVELOPE_CHARS = 1 << 16;

    private static final Set<String> SERVER_FIELDS = Set.of("signatures", "envelopeHash", "payloadHash");

    private final DsseSignatureVerifier signatures;

    DsseV001(DsseSignatureVerifier signatures) {
        this.signatures = signatures;
    }

    ValidatedEntry validate(JsonNode spec) {
        // Rekor's Go model has no omitempty on signatures, so cosign (sigstore-go) sends "signatures": null with every
        // proposal; Rekor accepts absent, null or an empty list for the three server-computed fields, and so do we.
        for (String f : SERVER_FIELDS) {
            JsonNode v = spec.get(f);
            if (v != null && !v.isNull() && !(f.equals("signatures") && v.isArray() && v.isEmpty())) {
                throw RekorApiException.invalidEntry("signatures, envelopeHash and payloadHash are computed by the server");
            }
        }
        Json.onlyFields(spec, Set.of("proposedContent", "signatures", "envelopeHash", "payloadHash"), "spec");
        JsonNode proposed = Json.object(spec, "proposedContent");
        Json.onlyFields(proposed, Set.of("envelope", "verifiers"), "proposedContent");
        String envelopeJson = Json.string(proposed, "envelope");
        if (envelopeJson.length() > MAX_ENVELOPE_CHARS) {
            throw RekorApiException.invalidEntry("envelope is too large");
        }
        byte[] envelopeBytes = Json.utf8(envelopeJson, "invalid envelope");
        List<PublicKeyMaterial> verifiers = new ArrayList<>();
        for (JsonNode v : Json.array(proposed, "verifiers", MAX_VERIFIERS)) {
            if (!v.isString()) {
                throw RekorApiException.invalidEntry("missing or invalid verifiers");
            }
            verifiers.add(PublicKeyMaterial.parse(Json.base64(v.asString(), "invalid public key")));
        }
        DsseEnvelope envelope = DsseEnvelope.parseJson(envelopeJson);
        List<Signed> signed = match(envelope, verifiers);
        signed.sort(Comparator.comparing(Signed::sigBase64));

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", VERSION);
        body.put("kind", KIND);
        ObjectNode s = body.putObject("spec");
        String envelopeHash = Hash.sha256(envelopeBytes).toHex();
        String payloadHash = Hash.sha256(envelope.payload()).toHex();
        s.putObject("envelopeHash").put("algorithm", "sha256").put("value", envelopeHash);
        s.putObject("payloadHash").put("algorithm", "sha256").put("value", payloadHash);
        ArrayNode sigs = s.putArray("signatures");
        for (Signed x : signed) {
            sigs.addObject().put("signature", x.sigBase64()).put("verifier", StrictBase64.encode(x.pemBytes()));
        }
        byte[] canonical = CanonicalJson.canonicalize(body.toString().getBytes(StandardCharsets.UTF_8));

        // Rekor's dsse IndexKeys: prefixed key hashes and SANs per signature, then payload and envelope hashes.
        Set<String> keys = new LinkedHashSet<>();
        for (Signed x : signed) {
            keys.add("sha256:" + Hash.sha256(x.pemBytes()).toHex());
            keys.addAll(x.verifier().subjects());
            keys.addAll(x.verifier().fingerprints());
        }
        keys.add("sha256:" + payloadHash);
        keys.add("sha256:" + envelopeHash);
        InTotoIndexKeys.addTo(keys, envelope.payloadType(), envelope.payload());
        return new ValidatedEntry(KIND, VERSION, canonical, List.copyOf(keys));
    }

    /** A signature and the first supplied verifier that verifies it. */
    private record Signed(String sigBase64, PublicKeyMaterial verifier) {
        byte[] pemBytes() {
            return verifier.canonicalPem().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** Every signature needs a verifier, and every verifier must verify a signature. */
    private List<Signed> match(DsseEnvelope envelope, List<PublicKeyMaterial> verifiers) {
        byte[] pae = envelope.pae();
        boolean[] used = new boolean[verifiers.size()];
        List<Signed> out = new ArrayList<>();
        for (DsseEnvelope.Signature sig : envelope.signatures()) {
            PublicKeyMaterial by = null;
            for (int i = 0; i < verifiers.size(); i++) {
                if (signatures.verifies(verifiers.get(i).key(), pae, sig.sig())) {
                    used[i] = true;
                    by = by == null ? verifiers.get(i) : by;
                }
            }
            if (by == null) {
                throw RekorApiException.invalidEntry("all signatures must have a key that verifies it");
            }
            out.add(new Signed(sig.sigBase64(), by));
        }
        for (boolean u : used) {
            if (!u) {
                throw RekorApiException.invalidEntry("every verifier must verify a signature");
            }
        }
        return out;
    }
}
