package dev.keyless.tlog.log;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.NodeId;
import dev.keyless.common.merkle.ProofPlan;
import dev.keyless.common.merkle.Tiles;
import dev.keyless.tlog.storage.LogStore;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves proof plans to hashes from stored tiles, with a bounded cache. Caching is safe without
 * invalidation because tiles only grow: a cached tile that is wide enough for a node is correct for it, and
 * one that is too narrow is simply read again.
 */
public final class TileReader {
    private record Key(long treeId, Tiles.TileId tile) {
    }

    private final LogStore store;
    private final Map<Key, byte[]> cache;

    public TileReader(LogStore store, int maxCachedTiles) {
        this.store = store;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, byte[]> eldest) {
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
                byte[] old = cache.get(key);
                int oldWidth = old == null ? 0 : old.length / Hash.SIZE;
                if (oldWidth == a.existingWidth()) {
                    byte[] grown = java.util.Arrays.copyOf(old == null ? new byte[0] : old, oldWidth * Hash.SIZE + a.hashes().length);
                    System.arraycopy(a.hashes(), 0, grown, oldWidth * Hash.SIZE, a.hashes().length);
                    cache.put(key, grown);
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
        Map<Tiles.TileId, byte[]> have = new HashMap<>();
        List<Tiles.TileId> missing = new java.util.ArrayList<>();
        synchronized (cache) {
            for (Map.Entry<Tiles.TileId, Integer> e : need.entrySet()) {
                byte[] cached = cache.get(new Key(treeId, e.getKey()));
                if (cached != null && cached.length / Hash.SIZE >= e.getValue()) {
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
                    have.put(t, bytes);
                    Key key = new Key(treeId, t);
                    byte[] old = cache.get(key);
                    if (old == null || old.length < bytes.length) {
                        cache.put(key, bytes);
                    }
                }
            }
        }
        return plan.resolve(id -> Tiles.nodeHash(id, have.get(Tiles.locate(id).tile())));
    }
}
