package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Rekor v2 {@code dsseRequestV002}: a DSSE envelope and 1..{@value #MAX} verifiers, with the rules of rekor-tiles
 * v2.2.1 (the last release that took DSSE, and what sigstore-java 2.0.0's {@code attest()} sends): 1..{@value #MAX}
 * signatures, each verifying over the envelope's PAE with one of the verifiers. The canonicalized body records the
 * payload's SHA-256 and each signature with the verifier that verified it, signatures sorted by their bytes.
 */
final class DsseV002 {
    static final String KIND = "dsse";
    static final String VERSION = "0.0.2";
    static final int MAX = 10;

    private final EcdsaBackend ecdsa;

    DsseV002(EcdsaBackend ecdsa) {
        this.ecdsa = ecdsa;
    }

    ValidatedEntry validate(JsonNode request) {
        Json.onlyFields(request, Set.of("envelope", "verifiers"), "dsseRequestV002");
        JsonNode envelope = Json.object(request, "envelope");
        Json.onlyFields(envelope, Set.of("payload", "payloadType", "signatures"), "envelope");
        String payloadType = Json.string(envelope, "payloadType");
        byte[] payload = Json.base64(Json.string(envelope, "payload"), "invalid payload");
        List<V2Verifier> verifiers = new ArrayList<>();
        for (JsonNode v : Json.array(request, "verifiers", MAX)) {
            verifiers.add(V2Verifier.parse(v));
        }
        byte[] pae = DsseEnvelope.pae(payloadType, payload);
        List<byte[]> signatures = new ArrayList<>();
        List<V2Verifier> signers = new ArrayList<>();
        for (JsonNode s : Json.array(envelope, "signatures", MAX)) {
            if (!s.isObject()) {
                throw RekorApiException.invalidEntry("missing or invalid signatures");
            }
            Json.onlyFields(s, Set.of("sig", "keyid"), "signature");
            Json.optionalString(s, "keyid");
            byte[] sig = Json.base64(Json.string(s, "sig"), "invalid signature");
            if (signatures.stream().anyMatch(other -> Arrays.equals(other, sig))) {
                throw RekorApiException.invalidEntry("duplicate signature in envelope");
            }
            signatures.add(sig);
            signers.add(verifiers.stream().filter(v -> verifies(v, pae, sig)).findFirst()
                    .orElseThrow(() -> RekorApiException.invalidEntry("a signature does not verify with any verifier")));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Arrays.compareUnsigned(signatures.get(a), signatures.get(b)));

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", VERSION);
        body.put("kind", KIND);
        ObjectNode spec = body.putObject("spec").putObject("dsseV002");
        spec.putObject("payloadHash").put("algorithm", "SHA2_256")
                .put("digest", StrictBase64.encode(Hash.sha256(payload).toByteArray()));
        ArrayNode sigs = spec.putArray("signatures");
        for (int i : order) {
            sigs.addObject().put("content", StrictBase64.encode(signatures.get(i))).set("verifier", signers.get(i).json());
        }
        byte[] canonical = CanonicalJson.canonicalize(body.toString().getBytes(StandardCharsets.UTF_8));
        return new ValidatedEntry(KIND, VERSION, canonical, List.of("sha256:" + Hash.sha256(payload).toHex()));
    }

    /** Over the PAE, hashed as the key details say (Ed25519ph for an Ed25519 key, as its details name it). */
    private boolean verifies(V2Verifier verifier, byte[] pae, byte[] sig) {
        try {
            SignatureVerifier.verifyMessage(ecdsa, verifier.key(), verifier.details().algorithm(), pae, sig);
            return true;
        } catch (SignatureVerificationException e) {
            return false;
        }
    }
}
