package dev.keyless.tlog.log;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Rfc6962;
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
 */
public record LeafSubmission(byte[] leafInput, Hash leafHash, byte[] extraData, List<String> indexKeys, String dedupKey) {
    public LeafSubmission {
        indexKeys = List.copyOf(indexKeys);
        if (dedupKey != null && !indexKeys.contains(dedupKey)) {
            throw new IllegalArgumentException("dedupKey must be one of the index keys, so later submissions find it");
        }
    }

    public static LeafSubmission of(byte[] leafInput, byte[] extraData, List<String> indexKeys) {
        return new LeafSubmission(leafInput, Rfc6962.hashLeaf(leafInput), extraData, indexKeys, null);
    }

    /** A submission that is a duplicate of any entry stored under {@code dedupKey}. */
    public static LeafSubmission deduplicatedBy(String dedupKey, byte[] leafInput, byte[] extraData) {
        return new LeafSubmission(leafInput, Rfc6962.hashLeaf(leafInput), extraData, List.of(dedupKey), dedupKey);
    }
}
