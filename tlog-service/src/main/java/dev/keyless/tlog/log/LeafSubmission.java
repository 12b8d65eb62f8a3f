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
 */
public record LeafSubmission(byte[] leafInput, Hash leafHash, byte[] extraData, List<String> indexKeys) {
    public static LeafSubmission of(byte[] leafInput, byte[] extraData, List<String> indexKeys) {
        return new LeafSubmission(leafInput, Rfc6962.hashLeaf(leafInput), extraData, List.copyOf(indexKeys));
    }
}
