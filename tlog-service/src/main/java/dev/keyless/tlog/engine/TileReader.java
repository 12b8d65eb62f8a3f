package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.NodeId;
import dev.keyless.common.merkle.ProofPlan;
import dev.keyless.common.merkle.TileSubtrees;
import dev.keyless.common.merkle.Tiles;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves proof plans to hashes from stored tiles, with a bounded cache. Caching is safe without
 * invalidation because tiles only grow: a cached tile that is wide enough for a node is correct for it, and
 * one that is too narrow is simply read again. Each cached tile also keeps its {@link TileSubtrees}, built on the
 * first proof that needs it at that width: without them every proof rehashed up to 255 pairs per tile it touches,
 * which was about 40 % of a read's CPU.
 */
public final class TileReader {
    private record Key(long treeId, Tiles.TileId tile) {
    }

    /** A tile's hashes and, once a proof needed them, its subtrees (of the same width). */
    private record Cached(byte[] hashes, TileSubtrees subtrees) {
        int width() {
            return hashes.length / Hash.SIZE;
        }
    }

    private final LogStore store;
    private final Map<Key, Cached> cache;

    public TileReader(LogStore store, int maxCachedTiles) {
        this.store = store;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Cached> eldest) {
                return size() > maxCachedTiles;
            }
        };
    }

    /**
     * Extends cached tiles with hashes a batch just committed, so the proofs answered for that batch need no
     * tile reads. A tile cached at another width than the append expects is left alone (it will be re-read).
     */
    public void committed(long treeId, List<Tiles.TileAppend> appends) {
        synchronized (cache) {
            for (Tiles.TileAppend a : appends) {
                Key key = new Key(treeId, a.tile());
                Cached old = cache.get(key);
                int oldWidth = old == null ? 0 : old.width();
                if (oldWidth == a.existingWidth()) {
                    byte[] grown = Arrays.copyOf(old == null ? new byte[0] : old.hashes(), oldWidth * Hash.SIZE + a.hashes().length);
                    System.arraycopy(a.hashes(), 0, grown, oldWidth * Hash.SIZE, a.hashes().length);
                    cache.put(key, new Cached(grown, null));
                }
            }
        }
    }

    /** The hashes of a plan's nodes in tree {@code treeId}, as the finished proof. */
    public List<Hash> resolve(long treeId, ProofPlan plan) {
        Map<Tiles.TileId, Integer> need = new HashMap<>();
        for (NodeId id : plan.nodeIds()) {
            Tiles.Location loc = Tiles.locate(id);
            need.merge(loc.tile(), loc.offset() + loc.count(), Math::max);
        }
        Map<Tiles.TileId, Cached> have = new HashMap<>();
        List<Tiles.TileId> missing = new ArrayList<>();
        synchronized (cache) {
            for (Map.Entry<Tiles.TileId, Integer> e : need.entrySet()) {
                Cached cached = cache.get(new Key(treeId, e.getKey()));
                if (cached != null && cached.width() >= e.getValue()) {
                    have.put(e.getKey(), cached);
                } else {
                    missing.add(e.getKey());
                }
            }
        }
        if (!missing.isEmpty()) {
            Map<Tiles.TileId, byte[]> fetched = store.tiles(treeId, missing);
            synchronized (cache) {
                for (Tiles.TileId t : missing) {
                    byte[] bytes = fetched.get(t);
                    if (bytes == null || bytes.length / Hash.SIZE < need.get(t)) {
                        throw new IllegalStateException("tree " + treeId + " tile " + t + " has "
                                + (bytes == null ? 0 : bytes.length / Hash.SIZE) + " hashes, want " + need.get(t));
                    }
                    Cached fresh = new Cached(bytes, null);
                    have.put(t, fresh);
                    Key key = new Key(treeId, t);
                    Cached old = cache.get(key);
                    if (old == null || old.width() < fresh.width()) {
                        cache.put(key, fresh);
                    }
                }
            }
        }
        Map<Tiles.TileId, TileSubtrees> subtrees = new HashMap<>();
        for (Map.Entry<Tiles.TileId, Cached> e : have.entrySet()) {
            subtrees.put(e.getKey(), subtrees(treeId, e.getKey(), e.getValue()));
        }
        return plan.resolve(id -> subtrees.get(Tiles.locate(id).tile()).nodeHash(id));
    }

    /** The tile's subtrees, built outside the lock on first use and kept if the cache still holds that width. */
    private TileSubtrees subtrees(long treeId, Tiles.TileId tile, Cached cached) {
        if (cached.subtrees() != null) {
            return cached.subtrees();
        }
        Key key = new Key(treeId, tile);
        synchronized (cache) {
            Cached now = cache.get(key);
            if (now != null && now.hashes() == cached.hashes() && now.subtrees() != null) {
                return now.subtrees(); // another proof built them meanwhile
            }
        }
        // Cached arrays are never changed (growing a tile makes a new one), as TileSubtrees requires.
        TileSubtrees built = TileSubtrees.of(cached.hashes());
        synchronized (cache) {
            Cached now = cache.get(key);
            if (now != null && now.hashes() == cached.hashes() && now.subtrees() == null) {
                cache.put(key, new Cached(cached.hashes(), built));
            }
        }
        return built;
    }
}
