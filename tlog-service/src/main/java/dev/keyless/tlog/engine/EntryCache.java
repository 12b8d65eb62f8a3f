package dev.keyless.tlog.engine;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Optional;

/**
 * Entries by tree and index, kept in memory up to a number of bytes, so that reads of recent or popular entries
 * need no database query (it was one PostgreSQL round trip per read, the largest cost of a read after HTTP).
 *
 * <p>A committed entry never changes, so a cached one is always right and nothing is ever invalidated. Only
 * committed entries go in: {@link TreeLog} adds an appended entry once its batch has committed, and entries it
 * read from the store. Thread-safe.
 */
public final class EntryCache {
    /** What an entry costs beyond its byte arrays: key, record, hash, and the cache's own structures. */
    static final int OVERHEAD_BYTES = 256;

    private record Key(long treeId, long leafIndex) {
    }

    /** Null when disabled. */
    private final Cache<Key, StoredEntry> cache;

    /** @param maxBytes the bound on what cached entries weigh; 0 disables the cache */
    public EntryCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("entry cache size is " + maxBytes + " bytes, want >= 0");
        }
        // Maintenance (eviction) runs on the calling thread: no background pool, and the bound holds at once.
        this.cache = maxBytes == 0 ? null : Caffeine.newBuilder().maximumWeight(maxBytes)
                .weigher((Key k, StoredEntry e) -> weight(e)).executor(Runnable::run).build();
    }

    public static EntryCache disabled() {
        return new EntryCache(0);
    }

    static int weight(StoredEntry e) {
        long bytes = (long) e.leafInput().length + (e.extraData() == null ? 0 : e.extraData().length) + OVERHEAD_BYTES;
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    Optional<StoredEntry> get(long treeId, long leafIndex) {
        return cache == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(new Key(treeId, leafIndex)));
    }

    /** Adds a committed entry. */
    void put(StoredEntry entry) {
        if (cache != null) {
            cache.put(new Key(entry.treeId(), entry.leafIndex()), entry);
        }
    }

    /** Entries held now (for tests and metrics). */
    long size() {
        if (cache == null) {
            return 0;
        }
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
