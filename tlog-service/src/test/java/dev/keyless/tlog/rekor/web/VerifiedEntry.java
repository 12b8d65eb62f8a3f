package dev.keyless.tlog.rekor.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.SignatureVerifier;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.note.Checkpoint;
import dev.keyless.common.note.NoteVerifiers;
import dev.keyless.common.note.SignedNote;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A Rekor {@code LogEntry} response checked the way clients check it (rekor.md §4.2): one key, the UUID is the
 * leaf hash of the body, the SET verifies, the inclusion proof verifies against a checkpoint signed once by the
 * log key under the host name.
 */
public record VerifiedEntry(String uuid, byte[] body, long logIndex, long proofIndex, long treeSize, Hash root,
        long integratedTime, Checkpoint checkpoint) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static VerifiedEntry verify(String responseJson, PublicKey logKey, String hostname) throws Exception {
        JsonNode map = JSON.readTree(responseJson);
        assertThat(map.size()).as("a LogEntry has exactly one key").isEqualTo(1);
        String uuid = map.propertyNames().iterator().next();
        JsonNode e = map.get(uuid);
        assertThat(uuid).matches("[0-9a-f]{80}");

        byte[] body = StrictBase64.decode(e.get("body").asString());
        Hash leafHash = Rfc6962.hashLeaf(body);
        assertThat(uuid.substring(16)).isEqualTo(leafHash.toHex());
        String logId = KeyIds.logId(logKey).toHex();
        assertThat(e.get("logID").asString()).isEqualTo(logId);

        long logIndex = e.get("logIndex").asLong();
        long integratedTime = e.get("integratedTime").asLong();
        String set = "{\"body\":\"" + e.get("body").asString() + "\",\"integratedTime\":" + integratedTime
                + ",\"logID\":\"" + logId + "\",\"logIndex\":" + logIndex + "}";
        SignatureVerifier.verifyMessage(logKey, SigningAlgorithm.ECDSA_P256_SHA256, set.getBytes(StandardCharsets.UTF_8),
                StrictBase64.decode(e.get("verification").get("signedEntryTimestamp").asString()));

        JsonNode proof = e.get("verification").get("inclusionProof");
        long proofIndex = proof.get("logIndex").asLong();
        long treeSize = proof.get("treeSize").asLong();
        Hash root = Hash.fromHex(proof.get("rootHash").asString());
        List<Hash> hashes = proof.get("hashes").valueStream().map(h -> Hash.fromHex(h.asString())).toList();
        ProofVerifier.verifyInclusion(proofIndex, treeSize, leafHash, hashes, root);

        SignedNote note = SignedNote.parse(proof.get("checkpoint").asString());
        assertThat(note.signatures()).as("exactly one checkpoint signature").hasSize(1);
        note.verify(List.of(NoteVerifiers.ecdsa(hostname, logKey)));
        Checkpoint cp = Checkpoint.fromNoteText(note.text());
        assertThat(cp.size()).isEqualTo(treeSize);
        assertThat(cp.rootHash()).isEqualTo(root);
        assertThat(cp.origin()).isEqualTo(hostname + " - " + Long.parseUnsignedLong(uuid.substring(0, 16), 16));
        return new VerifiedEntry(uuid, body, logIndex, proofIndex, treeSize, root, integratedTime, cp);
    }
}
