package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.AlgorithmNotAllowedException;
import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code hashedrekord} 0.0.1 (rekor.md §1.2, §2.2, §3): a signature over an artifact digest, with the public key
 * or certificate (chain) that made it. Everything is checked before the entry is accepted: shape, digest length,
 * key or chain, the algorithm policy, and the signature over the digest.
 */
final class HashedRekordV001 {
    static final String KIND = "hashedrekord";
    static final String VERSION = "0.0.1";

    private final AlgorithmPolicy policy;
    private final EcdsaBackend ecdsa;

    HashedRekordV001(AlgorithmPolicy policy, EcdsaBackend ecdsa) {
        this.policy = policy;
        this.ecdsa = ecdsa;
    }

    ValidatedEntry validate(JsonNode spec) {
        Json.onlyFields(spec, Set.of("signature", "data"), "spec");
        JsonNode signature = Json.object(spec, "signature");
        Json.onlyFields(signature, Set.of("content", "publicKey"), "signature");
        JsonNode publicKey = Json.object(signature, "publicKey");
        Json.onlyFields(publicKey, Set.of("content"), "publicKey");
        JsonNode data = Json.object(spec, "data");
        Json.onlyFields(data, Set.of("hash"), "data");
        JsonNode hash = Json.object(data, "hash");
        Json.onlyFields(hash, Set.of("algorithm", "value"), "hash");

        String algorithmName = Json.string(hash, "algorithm");
        HashAlgorithm algorithm = HashAlgorithm.fromRekorName(algorithmName)
                .orElseThrow(() -> RekorApiException.invalidEntry("unsupported hash algorithm"));
        String value = Json.string(hash, "value");
        byte[] digest;
        try {
            digest = Hex.decode(value);
        } catch (EncodingException e) {
            throw RekorApiException.invalidEntry("invalid value for hash");
        }
        if (digest.length != algorithm.digestLength()) {
            throw RekorApiException.invalidEntry("invalid value for hash");
        }
        byte[] sig = base64(Json.string(signature, "content"), "invalid signature");
        PublicKeyMaterial key = PublicKeyMaterial.parse(base64(Json.string(publicKey, "content"), "invalid public key"));

        SigningAlgorithm alg;
        try {
            alg = policy.requireAllowed(key.key(), algorithm);
        } catch (AlgorithmNotAllowedException e) {
            throw RekorApiException.invalidEntry("entry algorithms are not allowed");
        }
        try {
            SignatureVerifier.verifyDigest(ecdsa, key.key(), alg, digest, sig);
        } catch (SignatureVerificationException e) {
            throw RekorApiException.invalidEntry("signature verification failed");
        }

        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("apiVersion", VERSION);
        body.put("kind", KIND);
        ObjectNode s = body.putObject("spec");
        ObjectNode h = s.putObject("data").putObject("hash");
        h.put("algorithm", algorithmName);
        h.put("value", value);
        ObjectNode sg = s.putObject("signature");
        sg.put("content", StrictBase64.encode(sig));
        sg.putObject("publicKey").put("content",
                StrictBase64.encode(key.canonicalPem().getBytes(StandardCharsets.US_ASCII)));
        byte[] canonical = CanonicalJson.canonicalize(body.toString().getBytes(StandardCharsets.UTF_8));

        List<String> keys = new ArrayList<>();
        keys.add((algorithmName + ":" + value).toLowerCase(Locale.ROOT));
        keys.add(Hash.sha256(key.canonicalPem().getBytes(StandardCharsets.US_ASCII)).toHex());
        keys.addAll(key.subjects());
        keys.addAll(key.fingerprints());
        return new ValidatedEntry(KIND, VERSION, canonical, keys);
    }

    private static byte[] base64(String s, String reason) {
        try {
            byte[] b = StrictBase64.decode(s);
            if (b.length == 0) {
                throw RekorApiException.invalidEntry(reason);
            }
            return b;
        } catch (EncodingException e) {
            throw RekorApiException.invalidEntry(reason);
        }
    }
}
