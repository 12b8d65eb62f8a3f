package dev.keyless.common.tuf;

import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SignatureVerificationException;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.Signer;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.Hex;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * TUF metadata envelopes (tuf.md §2): {@code {"signatures":[{"keyid","sig"}],"signed":{...}}}, where each {@code sig}
 * is the hex of an ECDSA P-256 signature (ASN.1 DER over SHA-256) of the OLPC canonical bytes of {@code signed}, and
 * a key ID is the hex SHA-256 of the canonical key object, for ours {@code {"keytype":"ecdsa","keyval":{"public":
 * <PEM>},"scheme":"ecdsa-sha2-nistp256"}}.
 */
public final class TufMetadata {
    private TufMetadata() {
    }

    /** The key object TUF lists for an ECDSA P-256 key. */
    public static Map<String, Object> ecdsaKey(PublicKey key) {
        if (!SigningAlgorithm.ECDSA_P256_SHA256.matchesKey(key)) {
            throw new IllegalArgumentException("TUF keys here are ECDSA P-256, got " + key.getAlgorithm());
        }
        Map<String, Object> k = new LinkedHashMap<>();
        k.put("keytype", "ecdsa");
        k.put("keyval", Map.of("public", PublicKeys.toPem(key)));
        k.put("scheme", "ecdsa-sha2-nistp256");
        return k;
    }

    /**
     * The key ID: hex SHA-256 of the key object's canonical JSON, the whole object as listed (sigstore/root-signing's
     * key IDs cover its extra fields too, such as {@code x-tuf-on-ci-keyowner}).
     */
    public static String keyId(Map<String, Object> key) {
        return Hash.sha256(OlpcJson.encode(key)).toHex();
    }

    /** {@code signed} in an envelope with one signature per signer, in the order given. */
    public static Map<String, Object> sign(Map<String, Object> signed, List<? extends Signer> signers) {
        byte[] canonical = OlpcJson.encode(signed);
        List<Object> signatures = new ArrayList<>();
        for (Signer s : signers) {
            Map<String, Object> sig = new LinkedHashMap<>();
            sig.put("keyid", keyId(ecdsaKey(s.publicKey())));
            sig.put("sig", Hex.encode(s.sign(canonical)));
            signatures.add(sig);
        }
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("signatures", signatures);
        envelope.put("signed", signed);
        return envelope;
    }

    /**
     * How many distinct keys of {@code keys} (by key ID) signed {@code signed} validly: what a threshold is checked
     * against. Unknown key IDs and invalid signatures count for nothing; each key counts once.
     */
    public static int validSignatures(Map<String, Object> signed, List<Map<String, Object>> signatures,
            Map<String, PublicKey> keys) {
        byte[] canonical = OlpcJson.encode(signed);
        Set<String> counted = new HashSet<>();
        for (Map<String, Object> s : signatures) {
            if (!(s.get("keyid") instanceof String id) || !(s.get("sig") instanceof String sigHex)
                    || !keys.containsKey(id) || counted.contains(id)) {
                continue;
            }
            try {
                SignatureVerifier.verifyMessage(keys.get(id), SigningAlgorithm.ECDSA_P256_SHA256, canonical,
                        Hex.decode(sigHex));
                counted.add(id);
            } catch (SignatureVerificationException | RuntimeException e) {
                // not a valid signature by this key: counts for nothing
            }
        }
        return counted.size();
    }
}
