package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A synthetic but fully consistent RFC 6962 tree of any size up to 2^62 leaves: a few "marked" leaves have
 * distinct hashes and every other leaf has one filler hash. The hash of a subtree holding no marked leaf
 * depends only on its level, so any node is computed in O(level) hashes. Proofs for marked leaves are real
 * proofs in a real (if repetitive) tree, which lets tests and benchmarks work at sizes like 2^40.
 */
public final class SparseTree {
    private final Set<Long> marked;
    private final Hash[] filler = new Hash[NodeId.MAX_LEVEL + 1];
    private final Map<NodeId, Hash> memo = new HashMap<>();

    public SparseTree(Set<Long> markedLeaves) {
        this.marked = Set.copyOf(markedLeaves);
        filler[0] = Rfc6962.hashLeaf(new byte[] {'f'});
        for (int level = 1; level < filler.length; level++) {
            filler[level] = Rfc6962.hashChildren(filler[level - 1], filler[level - 1]);
        }
    }

    /** The leaf hash at {@code index}. */
    public Hash leafHash(long index) {
        return marked.contains(index)
                ? Rfc6962.hashLeaf(ByteBuffer.allocate(8).putLong(index).array())
                : filler[0];
    }

    /** The hash of any perfect node. */
    public Hash hash(NodeId id) {
        if (id.level() == 0) {
            return leafHash(id.index());
        }
        boolean anyMarked = false;
        for (long m : marked) {
            if (m >= id.begin() && m < id.end()) {
                anyMarked = true;
                break;
            }
        }
        if (!anyMarked) {
            return filler[id.level()];
        }
        Hash cached = memo.get(id);
        if (cached == null) {
            NodeId left = new NodeId(id.level() - 1, id.index() * 2);
            cached = Rfc6962.hashChildren(hash(left), hash(left.sibling()));
            memo.put(id, cached);
        }
        return cached;
    }

    /** MTH of the first {@code size} leaves. */
    public Hash root(long size) {
        return CompactRange.foldRightBorder(Proofs.root(size).stream().map(this::hash).toList());
    }
}
