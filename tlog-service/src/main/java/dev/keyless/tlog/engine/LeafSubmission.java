package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Rfc6962;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated leaf waiting to be sequenced.
 *
 * @param leafInput exact bytes to hash into the tree
 * @param extraData stored beside the leaf (CT chain), or null
 * @param indexKeys search keys for the entry
 * @param dedupKey null, or one of {@code indexKeys} that names the submission apart from what makes its leaf
 *        unique (a CT leaf holds its timestamp): a submission whose key the tree already holds, or that an earlier
 *        submission of the same batch carries, is a duplicate of that entry, like one with a known leaf hash
 * @param sealer null, or what computes the extra data once the entry's index and time are assigned (then
 *        {@code extraData} is null)
 */
public record LeafSubmission(byte[] leafInput, Hash leafHash, byte[] extraData, List<String> indexKeys, String dedupKey,
        Sealer sealer) {
    /**
     * Computes what is stored beside a leaf from the index and time the sequencer gives it, such as a signature
     * over both (Rekor's SET), so it is written with the entry in the same transaction instead of being computed
     * again on every read.
     *
     * <p>It runs in the sequencer thread while the tree's writer lock is held: it MUST be quick and MUST NOT block
     * or touch the store. If it throws, the whole batch fails and nothing of it is stored.
     */
    @FunctionalInterface
    public interface Sealer {
        /**
         * @param leafIndex the index assigned to the entry
         * @param integratedTimeMillis the time assigned to the entry
         * @return the bytes to store as the entry's extra data, never null
         */
        byte[] seal(long leafIndex, long integratedTimeMillis);
    }

    public LeafSubmission {
        indexKeys = List.copyOf(indexKeys);
        if (dedupKey != null && !indexKeys.contains(dedupKey)) {
            throw new IllegalArgumentException("dedupKey must be one of the index keys, so later submissions find it");
        }
        if (sealer != null && extraData != null) {
            throw new IllegalArgumentException("a submission has extra data or a sealer, not both");
        }
    }

    public static LeafSubmission of(byte[] leafInput, byte[] extraData, List<String> indexKeys) {
        return new LeafSubmission(leafInput, Rfc6962.hashLeaf(leafInput), extraData, indexKeys, null, null);
    }

    /** A submission whose extra data {@code sealer} computes once the entry is sequenced. */
    public static LeafSubmission sealed(byte[] leafInput, List<String> indexKeys, Sealer sealer) {
        if (sealer == null) {
            throw new IllegalArgumentException("sealer is null");
        }
        return new LeafSubmission(leafInput, Rfc6962.hashLeaf(leafInput), null, indexKeys, null, sealer);
    }

    /** A submission that is a duplicate of any entry stored under {@code dedupKey}. */
    public static LeafSubmission deduplicatedBy(String dedupKey, byte[] leafInput, byte[] extraData) {
        return deduplicatedBy(dedupKey, List.of(), leafInput, extraData);
    }

    /** As {@link #deduplicatedBy(String, byte[], byte[])}, also found by {@code moreKeys} (CT: who it was issued to). */
    public static LeafSubmission deduplicatedBy(String dedupKey, List<String> moreKeys, byte[] leafInput, byte[] extraData) {
        List<String> keys = new ArrayList<>(moreKeys.size() + 1);
        keys.add(dedupKey);
        moreKeys.stream().filter(k -> !k.equals(dedupKey)).distinct().forEach(keys::add);
        return new LeafSubmission(leafInput, Rfc6962.hashLeaf(leafInput), extraData, keys, dedupKey, null);
    }
}
