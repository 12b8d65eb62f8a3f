package dev.keyless.tlog.log;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Proofs;
import dev.keyless.tlog.storage.LogStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One tree's engine: appends go through its {@link Sequencer} (null for a frozen shard), reads and proofs
 * straight to the store through the {@link TileReader}, never touching the writer lock.
 */
public final class TreeLog implements AutoCloseable {
    private final LogTree tree;
    private final LogStore store;
    private final TileReader tiles;
    private final Sequencer sequencer;

    public TreeLog(LogTree tree, LogStore store, TileReader tiles, Sequencer sequencer) {
        this.tree = tree;
        this.store = store;
        this.tiles = tiles;
        this.sequencer = sequencer;
    }

    public LogTree tree() {
        return tree;
    }

    public long treeId() {
        return tree.treeId();
    }

    /** @throws PushbackException when overloaded, or when the tree is frozen */
    public CompletableFuture<AppendResult> append(LeafSubmission submission) {
        if (sequencer == null) {
            throw new PushbackException("tree " + tree.treeId() + " is frozen");
        }
        return sequencer.submit(submission);
    }

    /** The latest committed state. */
    public TreeState state() {
        return store.state(tree.treeId());
    }

    public Optional<StoredEntry> entry(long leafIndex) {
        return store.entryByIndex(tree.treeId(), leafIndex);
    }

    public Optional<StoredEntry> entryByLeafHash(Hash leafHash) {
        return store.entryByLeafHash(tree.treeId(), leafHash);
    }

    public List<StoredEntry> entries(long from, long to) {
        return store.entries(tree.treeId(), from, to);
    }

    /** Requires {@code 0 <= leafIndex < treeSize <= committed size}. */
    public List<Hash> inclusionProof(long leafIndex, long treeSize) {
        return tiles.resolve(tree.treeId(), Proofs.inclusion(leafIndex, treeSize));
    }

    /** Requires {@code 0 <= size1 <= size2 <= committed size}. */
    public List<Hash> consistencyProof(long size1, long size2) {
        return tiles.resolve(tree.treeId(), Proofs.consistency(size1, size2));
    }

    @Override
    public void close() {
        if (sequencer != null) {
            sequencer.close();
        }
    }
}
