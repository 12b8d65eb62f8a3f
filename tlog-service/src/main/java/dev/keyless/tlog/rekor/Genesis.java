package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import dev.keyless.common.encoding.StrictBase64;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The first entry of every Rekor tree: a {@code hashedrekord} by the log key over the digest of a statement
 * naming the tree. It is an ordinary, verifiable entry; it exists because sigstore-java cannot write a bundle
 * for log index 0 (clients.md, "Empty-log pitfall"), so no client entry may ever get that index.
 */
public final class Genesis {
    private Genesis() {
    }

    public static JsonNode proposedEntry(EcdsaSigner logKey, String origin) {
        byte[] statement = ("keyless transparency log genesis\n" + origin + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] digest = Hash.sha256(statement).toByteArray();
        // Deterministic nonces: every process starting a tree writes the same genesis entry, so a second one gets a 409.
        byte[] signature = logKey.deterministic().signDigest(digest);
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("apiVersion", HashedRekordV001.VERSION);
        entry.put("kind", HashedRekordV001.KIND);
        ObjectNode spec = entry.putObject("spec");
        ObjectNode sig = spec.putObject("signature");
        sig.put("content", StrictBase64.encode(signature));
        sig.putObject("publicKey").put("content",
                StrictBase64.encode(PublicKeys.toPem(logKey.publicKey()).getBytes(StandardCharsets.US_ASCII)));
        ObjectNode hash = spec.putObject("data").putObject("hash");
        hash.put("algorithm", "sha256");
        hash.put("value", Hex.encode(digest));
        return entry;
    }

    /**
     * The first entry of the Rekor v2 log, for the same reason: a {@code hashedRekordRequestV002} by the log's v2 key
     * (a public-key verifier) over the digest of a statement naming the log, deterministic as above.
     */
    public static byte[] v2Request(EcdsaSigner logKey, String origin) {
        byte[] statement = ("keyless transparency log genesis\n" + origin + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] digest = Hash.sha256(statement).toByteArray();
        byte[] signature = logKey.deterministic().signDigest(digest);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        ObjectNode h = request.putObject("hashedRekordRequestV002");
        h.put("digest", StrictBase64.encode(digest));
        ObjectNode sig = h.putObject("signature");
        sig.put("content", StrictBase64.encode(signature));
        ObjectNode verifier = sig.putObject("verifier");
        verifier.putObject("publicKey").put("rawBytes", StrictBase64.encode(PublicKeys.toDer(logKey.publicKey())));
        verifier.put("keyDetails", V2KeyDetails.PKIX_ECDSA_P256_SHA_256.name());
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }
}
