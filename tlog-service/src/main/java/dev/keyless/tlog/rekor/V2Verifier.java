package dev.keyless.tlog.rekor;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.CryptoParseException;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.encoding.StrictBase64;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Rekor v2 {@code Verifier}: {@code {"x509Certificate":{"rawBytes":<DER>}} | {"publicKey":{"rawBytes":<DER SPKI>}},
 * "keyDetails":<name>}}, parsed strictly and kept as submitted, because clients rebuild the entry from it and must
 * get the same bytes (sigstore-go takes the key's default details; a different name would not reproduce).
 *
 * @param certificate true for {@code x509Certificate}, false for {@code publicKey}
 * @param rawBytes the DER exactly as submitted
 * @param key the public key (the certificate's, for a certificate)
 */
record V2Verifier(boolean certificate, byte[] rawBytes, V2KeyDetails details, PublicKey key) {
    /** Parses {@code node}, and checks that the key fits {@code keyDetails}. */
    static V2Verifier parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw RekorApiException.invalidEntry("missing or invalid verifier");
        }
        Json.onlyFields(node, Set.of("x509Certificate", "publicKey", "keyDetails"), "verifier");
        V2KeyDetails details = V2KeyDetails.named(Json.string(node, "keyDetails"))
                .orElseThrow(() -> RekorApiException.invalidEntry("unsupported keyDetails"));
        boolean certificate = node.has("x509Certificate");
        if (certificate == node.has("publicKey")) {
            throw RekorApiException.invalidEntry("verifier must have exactly one of x509Certificate and publicKey");
        }
        JsonNode holder = Json.object(node, certificate ? "x509Certificate" : "publicKey");
        Json.onlyFields(holder, Set.of("rawBytes"), "verifier");
        byte[] der = Json.base64(Json.string(holder, "rawBytes"), "invalid verifier rawBytes");
        PublicKey key;
        try {
            if (certificate) {
                X509Certificate cert = Certificates.parseDer(der);
                key = cert.getPublicKey();
            } else {
                key = PublicKeys.parseDer(der);
            }
        } catch (CryptoParseException e) {
            throw RekorApiException.invalidEntry(certificate ? "invalid x509Certificate" : "invalid publicKey");
        }
        if (!details.algorithm().matchesKey(key)) {
            throw RekorApiException.invalidEntry("keyDetails does not fit the key");
        }
        return new V2Verifier(certificate, der, details, key);
    }

    /** The verifier as the canonicalized body holds it. */
    ObjectNode json() {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("keyDetails", details.name());
        v.putObject(certificate ? "x509Certificate" : "publicKey").put("rawBytes", StrictBase64.encode(rawBytes));
        return v;
    }
}
