package dev.keyless.tlog.tiles;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Tiles;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TreeLog;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Serves one tree as C2SP tlog-tiles, straight from the engine's tile and entry tables (the engine stores tiles in
 * the same 256-wide shape): a tile's first W hashes, or the entries of a bundle each prefixed with its length as a
 * big-endian uint16. A resource exists once the tree has grown over it: a full tile when all 256 of its hashes are
 * in, a partial one of width W when at least W are (tiles only grow, so its first W hashes never change).
 *
 * <p>Full tiles and full bundles never change, so they are kept in a cache bounded in bytes, with no invalidation: a
 * monitor catching up reads each once, many monitors read the same ones, and a bundle costs 256 entry rows to build.
 * Full bundles are kept gzip-compressed (JSON entries shrink to about a fifth), compressed once: more of them fit the
 * cache, and a client that accepts gzip (Go's HTTP client always does) is sent a fifth of the bytes. Hash tiles are
 * random bytes and kept as they are. Thread-safe.
 */
public final class TileServer {
    /** An entry bundle's length prefix is a uint16: no entry of a tiled log may be larger. */
    public static final int MAX_ENTRY_BYTES = 0xFFFF;

    /** A resource's bytes as sent, gzip-compressed ({@code Content-Encoding: gzip}) or not. */
    public record Resource(byte[] bytes, boolean gzip) {
    }

    private final TreeLog log;
    private final Cache<TilePath, Resource> full;

    /** @param cacheBytes memory for full tiles and bundles; 0 keeps none */
    public TileServer(TreeLog log, long cacheBytes) {
        this.log = log;
        this.full = Caffeine.newBuilder().maximumWeight(cacheBytes)
                .weigher((TilePath p, Resource r) -> r.bytes().length + 64).build();
    }

    /** The resource's bytes, uncompressed, or empty if the tree does not hold it (yet). */
    public Optional<byte[]> read(TilePath path) {
        return read(path, false).map(Resource::bytes);
    }

    /**
     * The resource, or empty if the tree does not hold it (yet): gzip-compressed when the client accepts it and it is
     * a full bundle, as it is otherwise.
     */
    public Optional<Resource> read(TilePath path, boolean acceptsGzip) {
        if (path.partial()) {
            return readStored(path).map(b -> new Resource(b, false)); // short-lived: not worth compressing each time
        }
        Resource cached = full.getIfPresent(path);
        if (cached == null) {
            Optional<byte[]> stored = readStored(path);
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            cached = path.entries() ? new Resource(gzip(stored.get()), true) : new Resource(stored.get(), false);
            full.put(path, cached);
        }
        return Optional.of(cached.gzip() && !acceptsGzip ? new Resource(gunzip(cached.bytes()), false) : cached);
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("gzip in memory failed", e);
        }
        return out.toByteArray();
    }

    static byte[] gunzip(byte[] bytes) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("a cached bundle does not decompress", e);
        }
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
