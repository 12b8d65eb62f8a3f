package dev.keyless.common.merkle;

import dev.keyless.common.encoding.Hash;
import java.util.Arrays;

/**
 * Every complete subtree of one tile, computed once: {@code levels[r]} holds, left to right, the roots of the
 * perfect subtrees over {@code 2^r} consecutive tile hashes ({@code levels[0]} is the tile itself). A node the tile
 * covers is then a lookup, where {@link Tiles#nodeHash} hashes up to 255 pairs for a node 7 levels above the tile's
 * base, on every proof. Building costs one hash per internal node (at most 127 + 63 + ... + 1 = 247 for a full tile:
 * nodes up to level 7, as a node at level 8 is the next tile's). Immutable once built; it shares the tile's array
 * rather than copying it, so a cache holds each tile's hashes once.
 */
public final class TileSubtrees {
    private final byte[][] levels;

    private TileSubtrees(byte[][] levels) {
        this.levels = levels;
    }

    /**
     * @param tileHashes the tile's concatenated 32-byte hashes, 1 to {@link Tiles#WIDTH} of them; kept, not copied:
     *     the caller must not change the array afterwards
     * @throws MerkleException if the length is not a positive multiple of 32 up to a full tile
     */
    public static TileSubtrees of(byte[] tileHashes) {
        if (tileHashes.length == 0 || tileHashes.length % Hash.SIZE != 0 || tileHashes.length > Tiles.WIDTH * Hash.SIZE) {
            throw new MerkleException("tile has " + tileHashes.length + " bytes, want a multiple of " + Hash.SIZE
                    + " from " + Hash.SIZE + " to " + Tiles.WIDTH * Hash.SIZE);
        }
        byte[][] levels = new byte[Tiles.HEIGHT][];
        levels[0] = tileHashes;
        for (int r = 1; r < Tiles.HEIGHT; r++) {
            byte[] below = levels[r - 1];
            int n = below.length / Hash.SIZE / 2;
            byte[] level = new byte[n * Hash.SIZE];
            for (int i = 0; i < n; i++) {
                Hash left = Hash.of(Arrays.copyOfRange(below, 2 * i * Hash.SIZE, (2 * i + 1) * Hash.SIZE));
                Hash right = Hash.of(Arrays.copyOfRange(below, (2 * i + 1) * Hash.SIZE, (2 * i + 2) * Hash.SIZE));
                System.arraycopy(Rfc6962.hashChildren(left, right).toByteArray(), 0, level, i * Hash.SIZE, Hash.SIZE);
            }
            levels[r] = level;
        }
        return new TileSubtrees(levels);
    }

    /** How many hashes the tile had. */
    public int width() {
        return levels[0].length / Hash.SIZE;
    }

    /**
     * The hash of node {@code id}, which must lie in this tile ({@link Tiles#locate}); the caller picks the tile.
     *
     * @throws MerkleException if the tile is too narrow for the node
     */
    public Hash nodeHash(NodeId id) {
        Tiles.Location loc = Tiles.locate(id);
        int r = Integer.numberOfTrailingZeros(loc.count());
        int index = loc.offset() >> r;
        if (loc.offset() + loc.count() > width()) {
            throw new MerkleException("tile " + loc.tile() + " has " + width() + " hashes, node " + id + " needs "
                    + (loc.offset() + loc.count()));
        }
        return Hash.of(Arrays.copyOfRange(levels[r], index * Hash.SIZE, (index + 1) * Hash.SIZE));
    }
}
