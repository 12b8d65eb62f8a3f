package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.CompactRange;
import java.util.List;

/**
 * The integrated state of a tree: its size, root and the compact range that extends it.
 *
 * @param integratedAtMillis when the last batch was integrated (Unix ms)
 */
public record TreeState(long treeId, long size, Hash root, List<Hash> compactRange, long integratedAtMillis) {
    public TreeState {
        if (size < 0) {
            throw new IllegalArgumentException("tree size " + size + " is negative");
        }
        compactRange = List.copyOf(compactRange);
        if (compactRange.size() != Long.bitCount(size)) {
            throw new IllegalArgumentException("compact range has " + compactRange.size() + " hashes, want "
                    + Long.bitCount(size) + " for size " + size);
        }
    }

    public CompactRange toCompactRange() {
        return CompactRange.of(size, compactRange);
    }
}
