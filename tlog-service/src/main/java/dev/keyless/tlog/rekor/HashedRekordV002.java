package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Rekor v2 {@code hashedRekordRequestV002} (rekor-v2-tsa.md §1, §2): a digest, a signature over it, and the
 * verifier, checked as rekor-tiles checks them (digest length of the key details' hash, the key fits the details, the
 * signature verifies over the digest, Ed25519 as Ed25519ph), and turned into the canonicalized body clients rebuild:
 * RFC 8785 JSON of {@code {"apiVersion":"0.0.2","kind":"hashedrekord","spec":{"hashedRekordV002":{"data":{"algorithm",
 * "digest"},"signature":{"content","verifier"}}}}}.
 */
final class HashedRekordV002 {
    static final String KIND = "hashedrekord";
    static final String VERSION = "0.0.2";

    private final EcdsaBackend ecdsa;

    HashedRekordV002(EcdsaBackend ecdsa) {
        this.ecdsa = ecdsa;
    }

    ValidatedEntry validate(JsonNode request) {
        Json.onlyFields(request, Set.of("digest", "signature"), "hashedRekordRequestV002");
        byte[] digest = Json.base64(Json.string(request, "digest"), "invalid digest");
        JsonNode signature = Json.object(request, "signature");
        Json.onlyFields(signature, Set.of("content", "verifier"), "signature");
        byte[] sig = Json.base64(Json.string(signature, "content"), "invalid signature");
        V2Verifier verifier = V2Verifier.parse(signature.get("verifier"));
        if (digest.length != verifier.details().hash().digestLength()) {
            throw RekorApiException.invalidEntry("digest length does not match the key details' hash");
        }
        try {
            SignatureVerifier.verifyDigest(ecdsa, verifier.key(), verifier.details().algorithm(), digest, sig);
        } catch (SignatureVerificationException e) {
            throw RekorApiException.invalidEntry("signature verification failed");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", VERSION);
        body.put("kind", KIND);
        ObjectNode spec = body.putObject("spec").putObject("hashedRekordV002");
        spec.putObject("data").put("algorithm", verifier.details().hashName()).put("digest", StrictBase64.encode(digest));
        ObjectNode s = spec.putObject("signature");
        s.put("content", StrictBase64.encode(sig));
        s.set("verifier", verifier.json());
        byte[] canonical = CanonicalJson.canonicalize(body.toString().getBytes(StandardCharsets.UTF_8));
        String hashKey = verifier.details().hash().rekorName() + ":" + Hex.encode(digest);
        return new ValidatedEntry(KIND, VERSION, canonical, List.of(hashKey.toLowerCase(Locale.ROOT)));
    }
}
