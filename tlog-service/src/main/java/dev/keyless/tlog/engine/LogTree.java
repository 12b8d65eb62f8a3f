package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import java.util.Locale;

/**
 * One Merkle tree.
 *
 * @param treeId random positive id, in entry IDs and checkpoint origins
 * @param shardOrdinal position among the personality's trees, oldest first
 * @param keyId for a Rekor tree, the log ID (SHA-256 of the DER public key) of the key that signs its SETs and
 *        checkpoints; null for CT trees and for Rekor trees created before keys were recorded
 */
public record LogTree(long treeId, Personality personality, boolean active, int shardOrdinal, Hash keyId) {
    public LogTree {
        if (treeId <= 0) {
            throw new IllegalArgumentException("tree id " + treeId + " must be positive");
        }
        if (shardOrdinal < 0) {
            throw new IllegalArgumentException("shard ordinal " + shardOrdinal + " must be >= 0");
        }
    }

    /** A tree with no recorded key. */
    public LogTree(long treeId, Personality personality, boolean active, int shardOrdinal) {
        this(treeId, personality, active, shardOrdinal, null);
    }

    /** The 16-hex-digit form used as the prefix of Rekor entry IDs. */
    public String treeIdHex() {
        return String.format(Locale.ROOT, "%016x", treeId);
    }
}
