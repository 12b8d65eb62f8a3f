package dev.keyless.common.merkle;

/**
 * A node of the perfect binary tree over leaf indexes: {@code level} 0 is leaves, and node
 * {@code (level, index)} is the root of the perfect subtree covering leaves
 * {@code [index << level, (index + 1) << level)}.
 *
 * <pre>
 * level 2:              (2,0)
 *                 /             \
 * level 1:     (1,0)           (1,1)
 *             /     \         /     \
 * level 0: (0,0)  (0,1)   (0,2)  (0,3)
 * </pre>
 *
 * Such a node's hash never changes once all its leaves exist, which is what lets storage keep node
 * hashes as immutable rows and serve proofs for every tree size from them.
 */
public record NodeId(int level, long index) implements Comparable<NodeId> {
    /** Highest level of a perfect subtree inside a tree whose size fits a signed 64-bit long. */
    public static final int MAX_LEVEL = 62;

    public NodeId {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("node level " + level + " out of range, want 0.." + MAX_LEVEL);
        }
        if (index < 0) {
            throw new IllegalArgumentException("node index " + index + " is negative, want >= 0");
        }
        // end() must fit in a long: the node may cover leaves up to index Long.MAX_VALUE - 1 at most.
        if (index >= (Long.MAX_VALUE >>> level)) {
            throw new IllegalArgumentException("node (" + level + ", " + index + ") covers leaves beyond 2^63 - 1");
        }
    }

    /** First leaf covered. */
    public long begin() {
        return index << level;
    }

    /** One past the last leaf covered. */
    public long end() {
        return (index + 1) << level;
    }

    /** Leaf count under this node: 2^level. */
    public long width() {
        return 1L << level;
    }

    public NodeId parent() {
        return new NodeId(level + 1, index >>> 1);
    }

    public NodeId sibling() {
        return new NodeId(level, index ^ 1);
    }

    @Override
    public int compareTo(NodeId o) {
        int c = Integer.compare(level, o.level);
        return c != 0 ? c : Long.compare(index, o.index);
    }

    @Override
    public String toString() {
        return "(" + level + "," + index + ")";
    }
}
