package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tile layout of a Merkle tree (the shape of C2SP tlog-tiles and Trillian's strata): tile {@code (L, N)} holds
 * the hashes of nodes at level {@code 8L} with indexes {@code 256N .. 256N+255}, left to right. Every other
 * node is recomputed from the tile below it: node {@code (8L + r, i)} is the perfect subtree over {@code 2^r}
 * consecutive hashes of tile {@code (L, i >> (8 - r))}. A full tile never changes; the rightmost tile of each
 * level only grows, so any stored prefix of it is valid for every tree size that contains its nodes.
 */
public final class Tiles {
    /** Node levels per tile. */
    public static final int HEIGHT = 8;
    /** Hashes in a full tile. */
    public static final int WIDTH = 1 << HEIGHT;
    /** Tile levels needed for any tree whose size fits a long. */
    public static final int MAX_TILE_LEVEL = NodeId.MAX_LEVEL / HEIGHT;

    /** A tile coordinate. */
    public record TileId(int level, long index) {
        public TileId {
            if (level < 0 || level > MAX_TILE_LEVEL) {
                throw new MerkleException("tile level " + level + " out of range, want 0.." + MAX_TILE_LEVEL);
            }
            if (index < 0) {
                throw new MerkleException("tile index " + index + " is negative, want >= 0");
            }
        }
    }

    /** Where a node's base hashes sit: {@code count} hashes from {@code offset} in {@code tile}. */
    public record Location(TileId tile, int offset, int count) {
    }

    private Tiles() {
    }

    /** The tile and hash range from which {@code id} is computed. */
    public static Location locate(NodeId id) {
        int tileLevel = id.level() / HEIGHT;
        int r = id.level() % HEIGHT;
        long first = id.index() << r; // index of the first base node, at level HEIGHT * tileLevel
        return new Location(new TileId(tileLevel, first >>> HEIGHT), (int) (first & (WIDTH - 1)), 1 << r);
    }

    /**
     * Computes a node from its tile's hashes.
     *
     * @param tileHashes the tile's concatenated 32-byte hashes (any prefix that covers the node)
     */
    public static Hash nodeHash(NodeId id, byte[] tileHashes) {
        Location loc = locate(id);
        int have = tileHashes.length / Hash.SIZE;
        if (tileHashes.length % Hash.SIZE != 0) {
            throw new MerkleException("tile has " + tileHashes.length + " bytes, want a multiple of " + Hash.SIZE);
        }
        if (loc.offset() + loc.count() > have) {
            throw new MerkleException("tile " + loc.tile() + " has " + have + " hashes, node " + id + " needs "
                    + (loc.offset() + loc.count()));
        }
        List<Hash> level = new ArrayList<>(loc.count());
        for (int i = 0; i < loc.count(); i++) {
            byte[] h = new byte[Hash.SIZE];
            System.arraycopy(tileHashes, (loc.offset() + i) * Hash.SIZE, h, 0, Hash.SIZE);
            level.add(Hash.of(h));
        }
        while (level.size() > 1) {
            List<Hash> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i < level.size(); i += 2) {
                up.add(Rfc6962.hashChildren(level.get(i), level.get(i + 1)));
            }
            level = up;
        }
        return level.get(0);
    }

    /** The number of hashes tile {@code (level, index)} holds in a tree of {@code size} leaves (0..256). */
    public static int width(TileId tile, long size) {
        long baseNodes = tile.level() * HEIGHT >= 63 ? 0 : size >>> (tile.level() * HEIGHT);
        long start = tile.index() * WIDTH;
        if (baseNodes <= start) {
            return 0;
        }
        return (int) Math.min(WIDTH, baseNodes - start);
    }

    /** True if the node is a base node of some tile, i.e. stored rather than recomputed. */
    public static boolean isStored(NodeId id) {
        return id.level() % HEIGHT == 0;
    }

    /**
     * Collects the stored nodes completed by appends into per-tile additions, in order: what a store must
     * append to each tile. Use as the {@link CompactRange.NodeVisitor} of a batch of appends.
     */
    public static final class Accumulator implements CompactRange.NodeVisitor {
        private final Map<TileId, Addition> additions = new LinkedHashMap<>();

        @Override
        public void visit(NodeId id, Hash hash) {
            if (!isStored(id)) {
                return;
            }
            Location loc = locate(id);
            Addition a = additions.computeIfAbsent(loc.tile(), t -> new Addition(t, loc.offset()));
            if (loc.offset() != a.firstOffset + a.count) {
                throw new IllegalStateException("node " + id + " completed out of order at tile offset " + loc.offset()
                        + ", want " + (a.firstOffset + a.count));
            }
            a.bytes.add(hash);
            a.count++;
        }

        /** The additions, each tile once. */
        public List<TileAppend> appends() {
            List<TileAppend> out = new ArrayList<>(additions.size());
            for (Addition a : additions.values()) {
                byte[] bytes = new byte[a.count * Hash.SIZE];
                for (int i = 0; i < a.count; i++) {
                    System.arraycopy(a.bytes.get(i).toByteArray(), 0, bytes, i * Hash.SIZE, Hash.SIZE);
                }
                out.add(new TileAppend(a.tile, a.firstOffset, bytes));
            }
            return out;
        }

        private static final class Addition {
            final TileId tile;
            final int firstOffset;
            final List<Hash> bytes = new ArrayList<>();
            int count;

            Addition(TileId tile, int firstOffset) {
                this.tile = tile;
                this.firstOffset = firstOffset;
            }
        }
    }

    /**
     * Hashes to append to a tile that currently holds exactly {@code existingWidth} hashes.
     *
     * @param hashes concatenated 32-byte hashes
     */
    public record TileAppend(TileId tile, int existingWidth, byte[] hashes) {
    }
}
