package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;

/**
 * A sequenced leaf.
 *
 * @param leafIndex shard-local index
 * @param leafInput exact bytes hashed into the tree
 * @param extraData CT chain, or null
 */
public record StoredEntry(long treeId, long leafIndex, Hash leafHash, byte[] leafInput, byte[] extraData,
        long integratedTimeMillis) {
}
