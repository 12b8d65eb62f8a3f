package dev.keyless.admin;

import dev.keyless.common.crypto.HashAlgorithm;
import dev.keyless.common.crypto.PublicKeys;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.StrictBase64;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.NoSuchElementException;
import tools.jackson.databind.JsonNode;

/**
 * Checks a Rekor v1 answer for a hashedrekord before anyone relies on it: one entry, whose body is the digest,
 * signature and public key that were submitted, from a log the trust root lists, with a signed entry timestamp
 * (SET) that verifies under that log's key. This is what cosign checks when it verifies the entry offline.
 */
final class RekorEntryCheck {
    private RekorEntryCheck() {
    }

    /** Returns the entry (the value of the one-key answer); throws IllegalStateException naming what is wrong. */
    static JsonNode check(String answer, Path trustedRoot, String digestHex, byte[] signature, String keyPem)
            throws IOException {
        JsonNode map = LogSignatureCommand.parse(answer, "the log's answer");
        if (!map.isObject() || map.size() != 1) {
            throw new IllegalStateException("the log's answer is not one entry");
        }
        JsonNode entry = map.values().iterator().next();
        for (String field : new String[] {"body", "integratedTime", "logID", "logIndex"}) {
            if (!entry.hasNonNull(field)) {
                throw new IllegalStateException("the log's entry has no " + field);
            }
        }
        JsonNode body = LogSignatureCommand.parse(new String(StrictBase64.decode(entry.get("body").asString()),
                StandardCharsets.UTF_8), "the entry's body");
        JsonNode spec = body.path("spec");
        PublicKey submitted = PublicKeys.parsePem(keyPem);
        PublicKey logged = PublicKeys.parsePem(new String(StrictBase64.decode(
                spec.path("signature").path("publicKey").path("content").asString("")), StandardCharsets.US_ASCII));
        if (!"hashedrekord".equals(body.path("kind").asString(""))
                || !digestHex.equals(spec.path("data").path("hash").path("value").asString(""))
                || !Arrays.equals(signature, StrictBase64.decode(spec.path("signature").path("content").asString("")))
                || !Arrays.equals(submitted.getEncoded(), logged.getEncoded())) {
            throw new IllegalStateException("the log's entry is not the signature that was submitted");
        }
        String logId = entry.get("logID").asString();
        PublicKey logKey = logKey(trustedRoot, logId);
        String set = "{\"body\":\"" + entry.get("body").asString() + "\",\"integratedTime\":" + entry.get("integratedTime").asLong()
                + ",\"logID\":\"" + logId + "\",\"logIndex\":" + entry.get("logIndex").asLong() + "}";
        try {
            SignatureVerifier.verifyMessage(logKey, SigningAlgorithm.of(logKey, HashAlgorithm.SHA256).orElseThrow(),
                    set.getBytes(StandardCharsets.UTF_8),
                    StrictBase64.decode(entry.path("verification").path("signedEntryTimestamp").asString("")));
        } catch (GeneralSecurityException | IllegalArgumentException | NoSuchElementException e) {
            throw new IllegalStateException("the entry's signed entry timestamp does not verify under the log key of "
                    + trustedRoot);
        }
        return entry;
    }

    /** The key of the log the trust root lists under {@code logIdHex}. */
    private static PublicKey logKey(Path trustedRoot, String logIdHex) throws IOException {
        JsonNode root = LogSignatureCommand.parse(Files.readString(trustedRoot), trustedRoot.toString());
        for (JsonNode tlog : root.path("tlogs")) {
            byte[] id = StrictBase64.decode(tlog.path("logId").path("keyId").asString(""));
            if (LogSignatureCommand.hex(id).equals(logIdHex)) {
                return PublicKeys.parseDer(StrictBase64.decode(tlog.path("publicKey").path("rawBytes").asString("")));
            }
        }
        throw new IllegalStateException("the entry's log " + logIdHex + " is not in " + trustedRoot);
    }
}
