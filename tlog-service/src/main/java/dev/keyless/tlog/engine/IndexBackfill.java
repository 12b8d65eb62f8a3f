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
 * so processes running it at once never write a batch twice nor move the progress back). A finished tree costs a
 * state read and one small transaction at each start. It takes no lock the sequencer needs: a batch at a time, each
 * in its own transaction, at most {@value #BATCH} leaves or {@value #BATCH_BYTES} bytes of them, and after each batch
 * it pauses as long as the batch took, so it never takes more than half of a core from the service.
 */
public final class IndexBackfill {
    private static final Logger log = LoggerFactory.getLogger(IndexBackfill.class);
    static final int BATCH = 256;
    static final long BATCH_BYTES = 8L * 1024 * 1024;

    private final LogStore store;
    private final IndexBackfillStore progress;

    public IndexBackfill(LogStore store, IndexBackfillStore progress) {
        this.store = store;
        this.progress = progress;
    }

    /**
     * Runs the pass over one tree, until it is done or the thread is interrupted.
     *
     * @param version the key set {@code keys} computes (a new set is a new version, run from index 0)
     * @param keys a leaf's keys of that set; it must not throw for a leaf it cannot read (no keys instead)
     * @return how many entries this call wrote keys for (0 when the tree was done already)
     * @throws InterruptedException when stopped: the next start goes on from the last batch written
     */
    public long run(long treeId, int version, Function<byte[], List<String>> keys) throws InterruptedException {
        IndexBackfillStore.Progress p = progress.begin(treeId, version, store.state(treeId).size());
        long done = 0;
        while (p.next() < p.end()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("stopped at entry " + p.next() + " of tree " + treeId);
            }
            long started = System.nanoTime();
            List<IndexBackfillStore.Leaf> leaves = progress.leaves(treeId, p.next(), Math.min(p.end(), p.next() + BATCH),
                    BATCH_BYTES);
            if (leaves.isEmpty()) {
                throw new IllegalStateException("tree " + treeId + " has no entry " + p.next() + " below its recorded end "
                        + p.end());
            }
            long to = leaves.get(leaves.size() - 1).leafIndex() + 1;
            List<LogStore.IndexKey> batch = new ArrayList<>();
            for (IndexBackfillStore.Leaf leaf : leaves) {
                for (String k : keys.apply(leaf.leafInput())) {
                    batch.add(new LogStore.IndexKey(k, leaf.leafIndex()));
                }
            }
            if (progress.advance(treeId, version, p.next(), to, batch)) {
                done += to - p.next();
                p = new IndexBackfillStore.Progress(to, p.end());
            } else {
                p = progress.begin(treeId, version, p.end()); // another process is on it: go on after it
            }
            Thread.sleep(Math.max(1, (System.nanoTime() - started) / 1_000_000));
        }
        if (done > 0) {
            log.info("search keys (version {}) written for {} earlier entries of tree {}", version, done, treeId);
        }
        return done;
    }
}
