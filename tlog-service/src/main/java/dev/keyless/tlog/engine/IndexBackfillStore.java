package dev.keyless.tlog.engine;

import java.util.List;

/**
 * Where the search-key backfill ({@link IndexBackfill}) keeps its progress, and writes the keys it computes.
 *
 * <p>Contract:
 * <ul>
 * <li>{@link #begin} MUST record {@code sizeNow} as the end only the first time it is called for a tree and version,
 *     and MUST return what is recorded: later calls, from this process or another, get the first call's end (entries
 *     from there on were logged with the keys, so a finished tree is never read again).</li>
 * <li>{@link #advance} MUST write the keys and move the progress from {@code from} to {@code to} in one transaction,
 *     and only if the progress is still {@code from} (compare-and-swap): two processes running the pass at once then
 *     each write a batch at most once, and neither moves the other's progress back. Keys already present MUST be left
 *     as they are.</li>
 * <li>Once {@link #begin} or {@link #advance} returns, what it recorded MUST be durable.</li>
 * <li>{@link #leaves} MUST bound what it reads by {@code maxBytes} (but for a first leaf larger than that).</li>
 * </ul>
 */
public interface IndexBackfillStore {

    /**
     * Where the pass stands.
     *
     * @param next every entry below it has the keys
     * @param end the pass is done when {@code next} reaches it
     */
    record Progress(long next, long end) {
    }

    /** A stored leaf: the bytes hashed into the tree, which the keys are computed from. */
    record Leaf(long leafIndex, byte[] leafInput) {
    }

    /**
     * Leaves of {@code treeId} from {@code from}, ascending, below {@code to}: as many as fit in {@code maxBytes} of leaf
     * input, and at least one when {@code from < to} (a single leaf is at most 16 MiB). Nothing else of the entry.
     */
    List<Leaf> leaves(long treeId, long from, long to, long maxBytes);

    /** The progress of {@code treeId} for {@code version}, recorded with {@code sizeNow} as its end if there was none. */
    Progress begin(long treeId, int version, long sizeNow);

    /**
     * Writes {@code keys} for leaves {@code [from, to)} and records {@code to} as the progress.
     *
     * @return false when the progress was not {@code from} (another process advanced it): nothing was written
     */
    boolean advance(long treeId, int version, long from, long to, List<LogStore.IndexKey> keys);
}
