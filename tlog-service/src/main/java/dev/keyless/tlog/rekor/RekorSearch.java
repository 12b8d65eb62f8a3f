package dev.keyless.tlog.rekor;

import dev.keyless.common.encoding.EncodingException;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.encoding.StrictBase64;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.LogStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code POST /api/v1/index/retrieve}: entry UUIDs by artifact hash, public key, email or subject, combined with
 * {@code and} or {@code or} (Rekor's default). The index is written in the sequencing transaction, so unlike
 * Rekor's it is complete.
 */
public final class RekorSearch {
    /** Most results per key, bounding the work one query can cause. */
    public static final int MAX_RESULTS = 1000;

    /** The parsed query; null fields are absent. */
    public record Query(String email, String subject, String publicKeyFormat, String publicKeyContent, String hash,
            String operator) {
    }

    /** Search key prefixes of the SHA-256 fingerprints of entries' public keys and leaf certificates (DER). */
    public static final String SPKI_KEY = "spki-sha256:";
    public static final String X509_KEY = "x509-sha256:";

    private final LogStore store;

    public RekorSearch(LogStore store) {
        this.store = store;
    }

    public List<String> search(Query q) {
        List<String> keys = new ArrayList<>();
        if (q.email() != null) {
            keys.add(bounded(q.email()).toLowerCase(Locale.ROOT));
        }
        if (q.subject() != null) {
            keys.add(bounded(q.subject()).toLowerCase(Locale.ROOT));
        }
        if (q.hash() != null) {
            keys.add(RekorLog.hashKey(bounded(q.hash())));
        }
        if (q.publicKeyContent() != null || q.publicKeyFormat() != null) {
            if (!"x509".equals(q.publicKeyFormat())) {
                throw RekorApiException.badRequest("unsupported public key format");
            }
            if (q.publicKeyContent() == null) {
                throw RekorApiException.badRequest("publicKey content is required");
            }
            byte[] pem;
            try {
                pem = StrictBase64.decode(q.publicKeyContent());
            } catch (EncodingException e) {
                throw RekorApiException.badRequest("invalid public key");
            }
            PublicKeyMaterial key;
            try {
                key = PublicKeyMaterial.parse(pem);
            } catch (RekorApiException e) {
                throw RekorApiException.badRequest("invalid public key");
            }
            keys.add(Hash.sha256(key.canonicalPem().getBytes(StandardCharsets.US_ASCII)).toHex());
        }
        if (keys.isEmpty()) {
            throw RekorApiException.badRequest("at least one search field is required");
        }
        String operator = q.operator() == null ? "or" : q.operator();
        if (!operator.equals("or") && !operator.equals("and")) {
            throw RekorApiException.badRequest("operator must be and or or");
        }
        Set<LogStore.EntryRef> result = null;
        for (String key : keys) {
            Set<LogStore.EntryRef> found = new LinkedHashSet<>(store.search(key, MAX_RESULTS));
            if (result == null) {
                result = found;
            } else if (operator.equals("and")) {
                result.retainAll(found);
            } else {
                result.addAll(found);
            }
        }
        return uuids(result);
    }

    /**
     * Entry UUIDs whose public key (DER SubjectPublicKeyInfo) or leaf certificate (DER) has this SHA-256 fingerprint:
     * {@code openssl x509 -outform DER | sha256sum}. Entries an earlier version logged without these keys are found once
     * the background pass has written them ({@code engine.IndexBackfill}).
     */
    public List<String> byFingerprint(String sha256Hex) {
        if (sha256Hex == null || !sha256Hex.matches("[0-9a-fA-F]{64}")) {
            throw RekorApiException.badRequest("sha256 must be 64 hex digits");
        }
        String hex = sha256Hex.toLowerCase(Locale.ROOT);
        Set<LogStore.EntryRef> found = new LinkedHashSet<>(store.search(SPKI_KEY + hex, MAX_RESULTS));
        found.addAll(store.search(X509_KEY + hex, MAX_RESULTS));
        return uuids(found);
    }

    private List<String> uuids(Set<LogStore.EntryRef> result) {
        List<String> uuids = new ArrayList<>();
        // The index is shared with the CT log (its "ct-entry:" keys): answer with Rekor entries only.
        Set<Long> rekorTrees = new HashSet<>();
        store.trees(Personality.REKOR).forEach(t -> rekorTrees.add(t.treeId()));
        result.removeIf(ref -> !rekorTrees.contains(ref.treeId()));
        for (LogStore.EntryRef ref : result) {
            store.entryByIndex(ref.treeId(), ref.leafIndex()).ifPresent(e ->
                    uuids.add(String.format(Locale.ROOT, "%016x", e.treeId()) + e.leafHash().toHex()));
        }
        return uuids;
    }

    private static String bounded(String s) {
        if (s.isEmpty() || s.length() > 512 || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw RekorApiException.badRequest("search value must have 1 to 512 printable characters");
        }
        return s;
    }
}
