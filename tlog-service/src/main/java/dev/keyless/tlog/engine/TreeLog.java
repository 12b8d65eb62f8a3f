package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Proofs;
import dev.keyless.common.merkle.Tiles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One tree's engine: appends go through its {@link Sequencer} (null for a frozen shard), reads and proofs
 * straight to the store through the {@link TileReader}, never touching the writer lock.
 *
 * <p>Reads use the latest tree state this process knows, not a fresh query each time: every read would otherwise
 * cost a database round trip for a row that changes once per batch. That state is never older than what this
 * process has committed itself (its own batches update it), and is re-read from the store once it is older than
 * {@code stateMaxAge} (batches committed by other processes on the same database show up within that age) or
 * when a read needs a larger tree ({@link #stateCovering}).
 */
public final class TreeLog implements AutoCloseable {
    private record Known(TreeState state, long readAtNanos) {
    }

    private final LogTree tree;
    private final LogStore store;
    private final TileReader tiles;
    private final Sequencer sequencer;
    private final long stateMaxAgeNanos;
    private final EntryCache entries;
    private final AtomicReference<Known> known = new AtomicReference<>();

    /** A tree whose reads query the state every time, without an entry cache. */
    public TreeLog(LogTree tree, LogStore store, TileReader tiles, Sequencer sequencer) {
        this(tree, store, tiles, sequencer, Duration.ZERO, EntryCache.disabled());
    }

    /**
     * @param stateMaxAge how old the state used by reads may be; zero reads it from the store every time
     * @param entries where entries read or appended are kept for later reads (may be shared by trees)
     */
    public TreeLog(LogTree tree, LogStore store, TileReader tiles, Sequencer sequencer, Duration stateMaxAge,
            EntryCache entries) {
        if (stateMaxAge.isNegative()) {
            throw new IllegalArgumentException("stateMaxAge is " + stateMaxAge + ", want >= 0");
        }
        this.tree = tree;
        this.store = store;
        this.tiles = tiles;
        this.sequencer = sequencer;
        this.stateMaxAgeNanos = stateMaxAge.toNanos();
        this.entries = entries;
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
        return sequencer.submit(submission).whenComplete((result, failure) -> {
            if (result instanceof AppendResult.Appended a) {
                offer(a.state(), System.nanoTime());
                // Committed: exactly the row the sequencer stored.
                entries.put(new StoredEntry(tree.treeId(), a.leafIndex(), submission.leafHash(), submission.leafInput(),
                        a.extraData(), a.integratedTimeMillis()));
            }
        });
    }

    /**
     * A committed state at most {@code stateMaxAge} old, and no older than any batch this process has committed.
     * Its size only grows from one call to the next.
     */
    public TreeState state() {
        return stateCovering(0);
    }

    /**
     * A committed state of at least {@code size} leaves if the tree has them (read from the store when the known
     * one is smaller); otherwise the latest committed state, which is then smaller than {@code size}.
     */
    public TreeState stateCovering(long size) {
        Known k = known.get();
        if (k != null && k.state().size() >= size && System.nanoTime() - k.readAtNanos() < stateMaxAgeNanos) {
            return k.state();
        }
        return refresh();
    }

    private TreeState refresh() {
        long at = System.nanoTime();
        return offer(store.state(tree.treeId()), at);
    }

    /** Keeps the larger of the known and the offered state (trees only grow); returns the one kept. */
    private TreeState offer(TreeState state, long readAtNanos) {
        Known next = new Known(state, readAtNanos);
        Known kept = known.accumulateAndGet(next, (cur, off) -> cur == null || off.state().size() > cur.state().size()
                ? off : cur.state().size() == off.state().size() && off.readAtNanos() > cur.readAtNanos() ? off : cur);
        return kept.state();
    }

    public Optional<StoredEntry> entry(long leafIndex) {
        Optional<StoredEntry> cached = entries.get(tree.treeId(), leafIndex);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<StoredEntry> stored = store.entryByIndex(tree.treeId(), leafIndex);
        stored.ifPresent(entries::put);
        return stored;
    }

    public Optional<StoredEntry> entryByLeafHash(Hash leafHash) {
        return store.entryByLeafHash(tree.treeId(), leafHash);
    }

    /** Leaf indexes of this tree's entries stored under a search key, newest first, at most {@code limit}. */
    public List<Long> search(String key, int limit) {
        return store.search(key, limit).stream().filter(r -> r.treeId() == tree.treeId()).map(LogStore.EntryRef::leafIndex)
                .toList();
    }

    public List<StoredEntry> entries(long from, long to) {
        return store.entries(tree.treeId(), from, to);
    }

    /** A tile's stored hashes at their current width, or empty if the tile has none yet. */
    public Optional<byte[]> tile(Tiles.TileId tile) {
        return Optional.ofNullable(store.tiles(tree.treeId(), List.of(tile)).get(tile));
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
