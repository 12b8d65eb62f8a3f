package dev.keyless.tlog.tiles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Tiles;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TreeLog;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Serves one tree as C2SP tlog-tiles, straight from the engine's tile and entry tables (the engine stores tiles in
 * the same 256-wide shape): a tile's first W hashes, or the entries of a bundle each prefixed with its length as a
 * big-endian uint16. A resource exists once the tree has grown over it: a full tile when all 256 of its hashes are
 * in, a partial one of width W when at least W are (tiles only grow, so its first W hashes never change).
 *
 * <p>Full tiles and full bundles never change, so they are kept in a cache bounded in bytes, with no invalidation: a
 * monitor catching up reads each once, many monitors read the same ones, and a bundle costs 256 entry rows to build.
 * Thread-safe.
 */
public final class TileServer {
    /** An entry bundle's length prefix is a uint16: no entry of a tiled log may be larger. */
    public static final int MAX_ENTRY_BYTES = 0xFFFF;

    private final TreeLog log;
    private final Cache<TilePath, byte[]> full;

    /** @param cacheBytes memory for full tiles and bundles; 0 keeps none */
    public TileServer(TreeLog log, long cacheBytes) {
        this.log = log;
        this.full = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((TilePath p, byte[] b) -> b.length + 64).build();
    }

    /** The resource's bytes, or empty if the tree does not hold it (yet). */
    public Optional<byte[]> read(TilePath path) {
        if (!path.partial()) {
            byte[] cached = full.getIfPresent(path);
            if (cached != null) {
                return Optional.of(cached);
            }
        }
        Optional<byte[]> read = readStored(path);
        if (!path.partial()) {
            read.ifPresent(b -> full.put(path, b));
        }
        return read;
    }

    private Optional<byte[]> readStored(TilePath path) {
        long size = log.state().size();
        if (path.entries()) {
            return bundle(path, size);
        }
        Tiles.TileId tile = new Tiles.TileId(path.level(), path.index());
        if (Tiles.width(tile, size) < path.width()) {
            return Optional.empty();
        }
        return log.tile(tile).filter(h -> h.length >= path.width() * Hash.SIZE)
                .map(h -> Arrays.copyOf(h, path.width() * Hash.SIZE));
    }

    private Optional<byte[]> bundle(TilePath path, long size) {
        long first = path.index() * Tiles.WIDTH;
        if (path.index() > Long.MAX_VALUE / Tiles.WIDTH || size - first < path.width()) {
            return Optional.empty();
        }
        List<StoredEntry> entries = log.entries(first, first + path.width());
        if (entries.size() != path.width()) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StoredEntry e : entries) {
            byte[] data = e.leafInput();
            if (data.length > MAX_ENTRY_BYTES) {
                throw new IllegalStateException("entry " + e.leafIndex() + " is too large for an entry bundle");
            }
            out.write(data.length >>> 8);
            out.write(data.length & 0xFF);
            out.writeBytes(data);
        }
        return Optional.of(out.toByteArray());
    }
}
