package dev.keyless.tlog.log;

/**
 * One Merkle tree.
 *
 * @param treeId random positive id, in entry IDs and checkpoint origins
 * @param shardOrdinal position among the personality's trees, oldest first
 */
public record LogTree(long treeId, Personality personality, boolean active, int shardOrdinal) {
    public LogTree {
        if (treeId <= 0) {
            throw new IllegalArgumentException("tree id " + treeId + " must be positive");
        }
    }

    /** The 16-hex-digit form used as the prefix of Rekor entry IDs. */
    public String treeIdHex() {
        return String.format("%016x", treeId);
    }
}
