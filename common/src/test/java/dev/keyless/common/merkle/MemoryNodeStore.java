package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A map of every perfect node, filled by a {@link CompactRange} visitor, standing in for storage in tests. */
final class MemoryNodeStore {
    final Map<NodeId, Hash> nodes = new HashMap<>();
    final CompactRange range = CompactRange.empty();

    static MemoryNodeStore of(List<Hash> leaves) {
        MemoryNodeStore store = new MemoryNodeStore();
        for (Hash leaf : leaves) {
            store.append(leaf);
        }
        return store;
    }

    void append(Hash leaf) {
        range.append(leaf, (id, h) -> {
            Hash previous = nodes.put(id, h);
            if (previous != null) {
                throw new AssertionError("node " + id + " visited twice");
            }
        });
    }

    Hash get(NodeId id) {
        Hash h = nodes.get(id);
        if (h == null) {
            throw new AssertionError("plan asked for missing node " + id);
        }
        return h;
    }

    Hash root(long size) {
        return CompactRange.foldRightBorder(Proofs.root(size).stream().map(this::get).toList());
    }
}
