package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Tiles;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Storage of log trees: the one port between the log engine and its database.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>Reads MUST see only committed data. Entry rows and full tiles are immutable, and a partial tile only
 *       grows, so a reader MAY combine rows read at different moments: every hash it finds is correct for every
 *       tree size that includes it.</li>
 *   <li>{@link #sequence} MUST run its work while holding the tree's single-writer lock, exclusive across all
 *       processes that share the store, and MUST make everything the work wrote durable atomically before it
 *       returns: after a crash, either all of a batch is stored or none of it.</li>
 *   <li>{@link #trees} MUST return trees ordered by shard ordinal.</li>
 * </ul>
 */
public interface LogStore {

    /** Trees of a personality, oldest first. */
    List<LogTree> trees(Personality personality);

    /**
     * Creates a tree with an empty state. Fails (without effect) if the personality already has an active tree
     * and {@code tree} is active, or the ordinal is taken.
     */
    void createTree(LogTree tree, long createdAtMillis);

    /**
     * Records the key of a tree that has none yet. Returns false, changing nothing, if the tree already has one.
     */
    boolean adoptKey(long treeId, Hash keyId);

    /**
     * In one transaction: makes {@code activeTreeId} inactive and creates {@code next} (active) with an empty state.
     * Returns false, changing nothing, if {@code activeTreeId} is no longer active (another process rotated first).
     * MUST leave at most one active tree per personality, and MUST take the frozen tree's writer lock: no batch of
     * it commits after the rotation ({@link SequencingTransaction#lockedState} fails on a frozen tree).
     */
    boolean rotate(long activeTreeId, LogTree next, long createdAtMillis);

    /** The latest committed state of a tree. */
    TreeState state(long treeId);

    Optional<StoredEntry> entryByIndex(long treeId, long leafIndex);

    /** Entries with indexes in [from, to), ascending; at most {@code to - from} rows. */
    List<StoredEntry> entries(long treeId, long from, long to);

    Optional<StoredEntry> entryByLeafHash(long treeId, Hash leafHash);

    /**
     * The stored hashes of the given tiles, each at its current width; absent tiles are missing from the map.
     */
    Map<Tiles.TileId, byte[]> tiles(long treeId, Collection<Tiles.TileId> tiles);

    /**
     * (tree, leaf index) pairs stored under the key, at most {@code limit}: within a tree the newest (highest leaf
     * index) first, so a capped answer MUST hold the most recent entries; trees in descending ID order (IDs are random,
     * so that order says nothing about age).
     */
    List<EntryRef> search(String key, int limit);

    /** Runs {@code work} under the tree's writer lock, in one durable transaction. */
    <T> T sequence(long treeId, SequencingWork<T> work);

    /** A reference to a stored entry. */
    record EntryRef(long treeId, long leafIndex) {
    }

    /** A search key for an entry, stored in the same transaction as the entry. */
    record IndexKey(String key, long leafIndex) {
    }

    /** Work done inside {@link #sequence}. */
    @FunctionalInterface
    interface SequencingWork<T> {
        T run(SequencingTransaction tx);
    }

    /** What the sequencer may do while it holds the writer lock. */
    interface SequencingTransaction {
        /** The tree state, read under the lock. Fails if the tree is not active. */
        TreeState lockedState();

        /** Which of these leaf hashes the tree already holds, with their indexes. */
        Map<Hash, Long> existing(Collection<Hash> leafHashes);

        /**
         * Which of these search keys the tree already holds, each with the lowest index stored under it. MUST see
         * every key committed before the lock was taken.
         */
        Map<String, Long> existingKeys(Collection<String> keys);

        void insertEntries(List<StoredEntry> entries);

        /**
         * Appends hashes to tiles. Each append MUST find its tile at exactly its {@code existingWidth} (absent
         * counts as width 0), or the transaction fails: that would mean two writers.
         */
        void appendTiles(long treeId, List<Tiles.TileAppend> appends);

        void insertIndexKeys(long treeId, List<IndexKey> keys);

        /** Replaces {@code old} by {@code next}; fails unless the stored size still equals {@code old.size()}. */
        void replaceState(TreeState old, TreeState next);
    }
}
