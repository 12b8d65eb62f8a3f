package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact range [0, size): the roots of the maximal perfect subtrees that cover the leaves of a
 * tree, one per set bit of {@code size}, largest (leftmost) first. It is all the state needed to compute
 * the root of a growing tree and to extend it without reading earlier leaves back.
 *
 * <p>Not thread-safe; the log's single writer owns one.
 */
public final class CompactRange {
    /** Receives each perfect node completed by an append, children before parents. */
    @FunctionalInterface
    public interface NodeVisitor {
        void visit(NodeId id, Hash hash);
    }

    private long size;
    // hashes.get(i) is the root of the i-th perfect subtree from the left; levels strictly decrease.
    private final ArrayList<Hash> hashes;

    private CompactRange(long size, List<Hash> hashes) {
        this.size = size;
        this.hashes = new ArrayList<>(hashes);
    }

    /** An empty range (size 0). */
    public static CompactRange empty() {
        return new CompactRange(0, List.of());
    }

    /**
     * Rebuilds a range from stored node hashes, e.g. after a restart.
     *
     * @param hashes the roots of {@link #nodeIds(long) nodeIds(size)}, in that order
     */
    public static CompactRange of(long size, List<Hash> hashes) {
        if (size < 0) {
            throw new MerkleException("size " + size + " is negative, want >= 0");
        }
        if (hashes.size() != Long.bitCount(size)) {
            throw new MerkleException("compact range of size " + size + " has " + hashes.size()
                    + " hashes, want " + Long.bitCount(size));
        }
        for (Hash h : hashes) {
            if (h == null) {
                throw new MerkleException("compact range hash is null");
            }
        }
        return new CompactRange(size, hashes);
    }

    /**
     * The perfect nodes covering [0, size), largest first: one node per set bit of {@code size}.
     * These are the nodes whose hashes {@link #of(long, List)} needs.
     */
    public static List<NodeId> nodeIds(long size) {
        return rangeNodeIds(0, size);
    }

    /**
     * The maximal aligned perfect nodes covering the leaf range [begin, end), left to right.
     * For a right-border range (begin aligned to a power of two larger than the range) their sizes strictly decrease.
     */
    public static List<NodeId> rangeNodeIds(long begin, long end) {
        if (begin < 0 || end < begin) {
            throw new MerkleException("range [" + begin + ", " + end + ") is invalid, want 0 <= begin <= end");
        }
        List<NodeId> ids = new ArrayList<>();
        long pos = begin;
        while (pos < end) {
            // The largest node starting at pos is limited by pos's alignment and by what remains.
            int level = pos == 0 ? 63 : Long.numberOfTrailingZeros(pos);
            int fit = 63 - Long.numberOfLeadingZeros(end - pos);
            level = Math.min(level, fit);
            ids.add(new NodeId(level, pos >>> level));
            pos += 1L << level;
        }
        return ids;
    }

    public long size() {
        return size;
    }

    /** A copy of the subtree roots, in {@link #nodeIds(long)} order. */
    public List<Hash> hashes() {
        return List.copyOf(hashes);
    }

    /**
     * Appends one leaf hash. The visitor sees the leaf node and then every perfect node the append completes
     * (children before parents), so a store can persist each node exactly once.
     */
    public void append(Hash leafHash, NodeVisitor visitor) {
        if (leafHash == null) {
            throw new MerkleException("leaf hash is null");
        }
        if (size == Long.MAX_VALUE - 1) {
            throw new MerkleException("tree is full at size " + size);
        }
        long index = size;
        Hash hash = leafHash;
        int level = 0;
        visitor.visit(new NodeId(0, index), hash);
        // Each trailing one bit of the old size is a left sibling that the new leaf completes.
        while (((index >>> level) & 1) == 1) {
            Hash left = hashes.remove(hashes.size() - 1);
            hash = Rfc6962.hashChildren(left, hash);
            level++;
            visitor.visit(new NodeId(level, index >>> level), hash);
        }
        hashes.add(hash);
        size++;
    }

    /** Appends without reporting completed nodes. */
    public void append(Hash leafHash) {
        append(leafHash, (id, h) -> {
        });
    }

    /** MTH of the first {@code size} leaves; {@link Rfc6962#EMPTY_ROOT} for size 0. */
    public Hash root() {
        return foldRightBorder(hashes);
    }

    /**
     * Hashes the roots of a right-border decomposition (sizes strictly decreasing, left to right) into the
     * root of the subtree they cover: {@code H(h0, H(h1, ... H(hk-1, hk)))}, which is RFC 6962's MTH of that range.
     */
    public static Hash foldRightBorder(List<Hash> nodes) {
        if (nodes.isEmpty()) {
            return Rfc6962.EMPTY_ROOT;
        }
        Hash h = nodes.get(nodes.size() - 1);
        for (int i = nodes.size() - 2; i >= 0; i--) {
            h = Rfc6962.hashChildren(nodes.get(i), h);
        }
        return h;
    }
}
