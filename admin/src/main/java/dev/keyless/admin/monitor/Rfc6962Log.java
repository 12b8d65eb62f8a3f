package dev.keyless.admin.monitor;

import dev.keyless.common.ct.DigitallySigned;
import dev.keyless.common.ct.MerkleTreeLeaf;
import dev.keyless.common.ct.TreeHeadSignature;
import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An RFC 6962 CT log (the CA's, at {@code <url>/ct/v1/}): the signed tree head from {@code get-sth}, verified as a
 * TreeHeadSignature (ECDSA P-256, SHA-256) under a CT key of trusted_root.json, and the leaves (MerkleTreeLeaf
 * bytes) from {@code get-entries}, which a log may cut short, so they are asked for until all have come. The
 * identities are who each certificate was issued to: the monitor can name certificates issued to a watched identity
 * even when nothing was ever signed with them.
 */
final class Rfc6962Log implements FollowedLog {
    /** The tree's name in the state file: a CT log has one tree, across key rotations. */
    static final String TREE = "rfc6962";
    static final int PER_REQUEST = 256;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI url;
    private final HttpClient http;

    Rfc6962Log(URI url, HttpClient http) {
        this.url = url;
        this.http = http;
    }

    @Override
    public URI url() {
        return url;
    }

    @Override
    public Head head(List<PublicKey> keys) throws IOException, InterruptedException, BadSignature {
        String text = new String(FollowedLog.get(http, url, "/ct/v1/get-sth"), StandardCharsets.UTF_8);
        JsonNode sth = JSON.readTree(text);
        long size = sth.path("tree_size").asLong(-1);
        long timestamp = sth.path("timestamp").asLong(-1);
        Hash root;
        DigitallySigned signature;
        try {
            root = Hash.of(Base64.getDecoder().decode(sth.path("sha256_root_hash").asString("")));
            signature = DigitallySigned.parse(Base64.getDecoder().decode(sth.path("tree_head_signature").asString("")));
        } catch (IllegalArgumentException e) {
            throw new BadSignature("the signed tree head does not parse: " + e.getMessage(), text);
        }
        if (size < 0 || timestamp < 0 || signature.hashAlgorithm() != DigitallySigned.HASH_SHA256
                || signature.signatureAlgorithm() != DigitallySigned.SIGNATURE_ECDSA) {
            throw new BadSignature("the signed tree head is not an ECDSA SHA-256 signature over a valid head", text);
        }
        byte[] signed = TreeHeadSignature.signedData(timestamp, size, root);
        for (PublicKey key : keys) {
            try {
                Signature v = Signature.getInstance("SHA256withECDSA");
                v.initVerify(key);
                v.update(signed);
                if (v.verify(signature.signature())) {
                    return new Head(TREE, size, root, text, 0);
                }
            } catch (GeneralSecurityException e) {
                // a malformed signature or another key type: not a signature by this key
            }
        }
        throw new BadSignature("the signed tree head is not signed by a CT log key", text);
    }

    @Override
    public void leaves(Head head, long from, long to, Leaves sink) throws IOException, InterruptedException {
        long next = from;
        while (next < to) {
            long end = Math.min(to, next + PER_REQUEST) - 1;
            JsonNode entries = JSON.readTree(FollowedLog.get(http, url, "/ct/v1/get-entries?start=" + next + "&end=" + end))
                    .path("entries");
            if (entries.isEmpty()) {
                throw new IOException("get-entries from " + next + " answered no entries");
            }
            for (JsonNode e : entries) {
                if (next > end) {
                    throw new IOException("get-entries from " + next + " answered more entries than asked for");
                }
                try {
                    sink.accept(next++, Base64.getDecoder().decode(e.path("leaf_input").asString("")));
                } catch (IllegalArgumentException bad) {
                    throw new IOException("entry " + (next - 1) + ": leaf_input is not base64");
                }
            }
        }
    }

    @Override
    public List<EntryIdentity> identities(byte[] leaf) {
        try {
            return List.of(EntryIdentity.fromCtEntry(MerkleTreeLeaf.parse(leaf).entry()));
        } catch (RuntimeException e) {
            return List.of(); // a leaf that names nobody the rules could match; its hash is still proven
        }
    }
}
