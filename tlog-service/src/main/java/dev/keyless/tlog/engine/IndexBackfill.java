package dev.keyless.tlog.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes search keys that were added after entries were logged: walks a tree from where the last pass stopped to
 * the tree's size when the first pass began (entries appended since have the keys already), computes each entry's
 * keys from its stored leaf and writes them with the progress ({@link IndexBackfillStore#advance}, a compare-and-swap,
 * so processes running it at once never write a batch twice nor move the progress back). A finished tree costs one
 * query at each start. It takes no lock the sequencer needs: a batch at a time, in its own transaction.
 */
public final class IndexBackfill {
    private static final Logger log = LoggerFactory.getLogger(IndexBackfill.class);
    static final int BATCH = 256;

    private final LogStore store;
    private final IndexBackfillStore progress;

    public IndexBackfill(LogStore store, IndexBackfillStore progress) {
        this.store = store;
        this.progress = progress;
    }

    /**
     * Runs the pass over one tree.
     *
     * @param version the key set {@code keys} computes (a new set is a new version, run from index 0)
     * @param keys an entry's keys of that set; it must not throw for an entry it cannot read (no keys instead)
     * @return how many entries this call went through (0 when the tree was done already)
     */
    public long run(long treeId, int version, Function<StoredEntry, List<String>> keys) {
        IndexBackfillStore.Progress p = progress.begin(treeId, version, store.state(treeId).size());
        long end = p.end();
        long from = p.next();
        long done = 0;
        while (from < end) {
            if (Thread.currentThread().isInterrupted()) {
                break; // stopping: the next start goes on from here
            }
            long to = Math.min(end, from + BATCH);
            List<LogStore.IndexKey> batch = new ArrayList<>();
            for (StoredEntry e : store.entries(treeId, from, to)) {
                for (String k : keys.apply(e)) {
                    batch.add(new LogStore.IndexKey(k, e.leafIndex()));
                }
            }
            if (progress.advance(treeId, version, from, to, batch)) {
                done += to - from;
                from = to;
            } else {
                from = progress.begin(treeId, version, end).next(); // another process is on it: go on after it
            }
        }
        if (done > 0) {
            log.info("search keys (version {}) written for {} earlier entries of tree {}", version, done, treeId);
        }
        return done;
    }
}
