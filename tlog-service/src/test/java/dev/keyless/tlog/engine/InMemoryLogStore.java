package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.merkle.Tiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link LogStore} in memory, for unit tests. One lock serializes every call, which gives the contract's
 * single-writer and atomicity properties within one process: a sequencing work's writes are staged and applied
 * only when it returns normally. Nothing is durable.
 */
public final class InMemoryLogStore implements LogStore {
    private final Map<Long, LogTree> trees = new TreeMap<>();
    private final Map<Long, TreeState> states = new HashMap<>();
    private final Map<Long, TreeMap<Long, StoredEntry>> entries = new HashMap<>();
    private final Map<Long, Map<Hash, Long>> byHash = new HashMap<>();
    private final Map<Long, Map<Tiles.TileId, byte[]>> tiles = new HashMap<>();
    private final Map<String, TreeSet<EntryRef>> index = new HashMap<>();

    @Override
    public synchronized List<LogTree> trees(Personality personality) {
        return trees.values().stream().filter(t -> t.personality() == personality)
                .sorted(Comparator.comparingInt(LogTree::shardOrdinal)).toList();
    }

    @Override
    public synchronized void createTree(LogTree tree, long createdAtMillis) {
        for (LogTree t : trees.values()) {
            if (t.personality() == tree.personality()
                    && (t.shardOrdinal() == tree.shardOrdinal() || (t.active() && tree.active()))) {
                throw new IllegalStateException("tree conflicts with " + t);
            }
        }
        if (trees.putIfAbsent(tree.treeId(), tree) != null) {
            throw new IllegalStateException("tree " + tree.treeId() + " exists");
        }
        states.put(tree.treeId(), new TreeState(tree.treeId(), 0, Rfc6962.EMPTY_ROOT, List.of(), createdAtMillis));
        entries.put(tree.treeId(), new TreeMap<>());
        byHash.put(tree.treeId(), new HashMap<>());
        tiles.put(tree.treeId(), new HashMap<>());
    }

    @Override
    public synchronized boolean adoptKey(long treeId, Hash keyId) {
        LogTree t = require(trees.get(treeId), treeId);
        if (t.keyId() != null) {
            return false;
        }
        trees.put(treeId, new LogTree(t.treeId(), t.personality(), t.active(), t.shardOrdinal(), keyId));
        return true;
    }

    @Override
    public synchronized boolean rotate(long activeTreeId, LogTree next, long createdAtMillis) {
        if (!next.active()) {
            throw new IllegalArgumentException("the tree that takes over must be active");
        }
        LogTree old = require(trees.get(activeTreeId), activeTreeId);
        if (!old.active()) {
            return false;
        }
        LogTree frozen = new LogTree(old.treeId(), old.personality(), false, old.shardOrdinal(), old.keyId());
        trees.put(activeTreeId, frozen);
        try {
            createTree(next, createdAtMillis);
        } catch (IllegalStateException e) {
            trees.put(activeTreeId, old);
            throw e;
        }
        return true;
    }

    @Override
    public synchronized TreeState state(long treeId) {
        return require(states.get(treeId), treeId);
    }

    @Override
    public synchronized Optional<StoredEntry> entryByIndex(long treeId, long leafIndex) {
        return Optional.ofNullable(require(entries.get(treeId), treeId).get(leafIndex));
    }

    @Override
    public synchronized List<StoredEntry> entries(long treeId, long from, long to) {
        return List.copyOf(require(entries.get(treeId), treeId).subMap(from, to).values());
    }

    @Override
    public synchronized Optional<StoredEntry> entryByLeafHash(long treeId, Hash leafHash) {
        Long i = require(byHash.get(treeId), treeId).get(leafHash);
        return i == null ? Optional.empty() : entryByIndex(treeId, i);
    }

    @Override
    public synchronized Map<Tiles.TileId, byte[]> tiles(long treeId, Collection<Tiles.TileId> wanted) {
        Map<Tiles.TileId, byte[]> have = require(tiles.get(treeId), treeId);
        Map<Tiles.TileId, byte[]> out = new HashMap<>();
        for (Tiles.TileId t : wanted) {
            byte[] b = have.get(t);
            if (b != null) {
                out.put(t, b.clone());
            }
        }
        return out;
    }

    @Override
    public synchronized List<EntryRef> search(String key, int limit) {
        return index.getOrDefault(key, new TreeSet<>()).descendingSet().stream().limit(limit).toList();
    }

    @Override
    public synchronized <T> T sequence(long treeId, SequencingWork<T> work) {
        Staged staged = new Staged(treeId);
        T result = work.run(staged);
        staged.apply();
        return result;
    }

    private static <V> V require(V v, long treeId) {
        if (v == null) {
            throw new IllegalArgumentException("no tree " + treeId);
        }
        return v;
    }

    /** Writes are collected and applied together, so a work that throws leaves nothing behind. */
    private final class Staged implements SequencingTransaction {
        private final long treeId;
        private final List<StoredEntry> newEntries = new ArrayList<>();
        private final List<Tiles.TileAppend> newTiles = new ArrayList<>();
        private final List<IndexKey> newKeys = new ArrayList<>();
        private TreeState locked;
        private TreeState next;

        Staged(long treeId) {
            this.treeId = treeId;
        }

        @Override
        public TreeState lockedState() {
            if (locked == null) {
                if (!require(trees.get(treeId), treeId).active()) {
                    throw new IllegalStateException("tree " + treeId + " is not active (frozen by a key rotation?)");
                }
                locked = state(treeId);
            }
            return locked;
        }

        @Override
        public Map<Hash, Long> existing(Collection<Hash> leafHashes) {
            Map<Hash, Long> out = new HashMap<>();
            Map<Hash, Long> all = byHash.get(treeId);
            for (Hash h : leafHashes) {
                Long i = all.get(h);
                if (i != null) {
                    out.put(h, i);
                }
            }
            return out;
        }

        @Override
        public Map<String, Long> existingKeys(Collection<String> keys) {
            Map<String, Long> out = new HashMap<>();
            for (String k : keys) {
                index.getOrDefault(k, new TreeSet<>()).stream().filter(ref -> ref.treeId() == treeId).findFirst()
                        .ifPresent(ref -> out.put(k, ref.leafIndex()));
            }
            return out;
        }

        @Override
        public void insertEntries(List<StoredEntry> list) {
            for (StoredEntry e : list) {
                if (entries.get(treeId).containsKey(e.leafIndex()) || byHash.get(treeId).containsKey(e.leafHash())) {
                    throw new IllegalStateException("entry " + e.leafIndex() + " conflicts with a stored entry");
                }
            }
            newEntries.addAll(list);
        }

        @Override
        public void appendTiles(long tree, List<Tiles.TileAppend> appends) {
            Map<Tiles.TileId, byte[]> have = tiles.get(tree);
            for (Tiles.TileAppend a : appends) {
                byte[] old = have.get(a.tile());
                int width = old == null ? 0 : old.length / Hash.SIZE;
                if (width != a.existingWidth()) {
                    throw new IllegalStateException("tile " + a.tile() + " is at width " + width + ", not " + a.existingWidth());
                }
            }
            newTiles.addAll(appends);
        }

        @Override
        public void insertIndexKeys(long tree, List<IndexKey> keys) {
            newKeys.addAll(keys);
        }

        @Override
        public void replaceState(TreeState old, TreeState nextState) {
            if (state(treeId).size() != old.size()) {
                throw new IllegalStateException("tree " + treeId + " is no longer at size " + old.size());
            }
            next = nextState;
        }

        void apply() {
            for (StoredEntry e : newEntries) {
                entries.get(treeId).put(e.leafIndex(), e);
                byHash.get(treeId).put(e.leafHash(), e.leafIndex());
            }
            Map<Tiles.TileId, byte[]> have = tiles.get(treeId);
            for (Tiles.TileAppend a : newTiles) {
                byte[] old = have.getOrDefault(a.tile(), new byte[0]);
                byte[] grown = Arrays.copyOf(old, old.length + a.hashes().length);
                System.arraycopy(a.hashes(), 0, grown, old.length, a.hashes().length);
                have.put(a.tile(), grown);
            }
            for (IndexKey k : newKeys) {
                index.computeIfAbsent(k.key(), x -> new TreeSet<>(Comparator.comparingLong(EntryRef::treeId)
                        .thenComparingLong(EntryRef::leafIndex))).add(new EntryRef(treeId, k.leafIndex()));
            }
            if (next != null) {
                states.put(treeId, next);
            }
        }
    }
}
