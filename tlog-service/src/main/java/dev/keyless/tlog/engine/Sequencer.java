package dev.keyless.tlog.engine;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.CompactRange;
import dev.keyless.common.merkle.Tiles;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for one tree. Submissions queue up (bounded: a full queue is pushback); one thread takes
 * everything waiting, up to a batch limit, and integrates it in a single {@link LogStore#sequence} transaction:
 * indexes assigned, entries, tiles, search keys and the new tree state written together under the tree's writer
 * lock. Only after that transaction commits is any submission of the batch completed, so an acknowledged entry
 * is durable. Nothing is kept in memory between batches: each batch starts from the state read under the lock,
 * which is what keeps several processes (or a failed commit) from forking the tree.
 *
 * <p>Linger: each transaction costs a fixed ~10 database round trips and a WAL flush. Under concurrent load the
 * entries waiting at any moment can still be few (their clients are busy elsewhere: validating, signing, in the
 * CA), so batches of one to three entries pay that fixed cost almost alone. When the previous batch held more
 * than one entry, the thread therefore waits up to {@code linger} for the new batch to reach the previous batch's
 * size, at most {@value #LINGER_FILL} entries, before committing. One client alone never waits (its batches hold
 * one entry), a steady set of clients waits only until enough have resubmitted, and the wait bounds the added
 * latency.
 */
public final class Sequencer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

    private record Pending(LeafSubmission submission, CompletableFuture<AppendResult> result) {
    }

    /** Called after each committed batch, in the sequencer thread, before any submission is completed. */
    public interface BatchListener {
        /**
         * @param entries submissions in the batch
         * @param tiles the tile appends the batch committed (a tile cache may apply them)
         */
        void batchCommitted(int entries, long nanos, List<Tiles.TileAppend> tiles);
    }

    /** What one batch transaction produced. */
    record Outcome(AppendResult[] results, List<Tiles.TileAppend> tiles) {
    }

    private final LogStore store;
    private final long treeId;
    private final Clock clock;
    private final int maxBatch;
    private final long lingerNanos;
    private static final long CLOSE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /**
     * Most entries a lingering batch waits for. A handful already spreads the fixed cost of a transaction; waiting
     * for more would make a small set of clients take turns with the sequencer instead of overlapping with it
     * (measured: 16 Rekor clients lost ~20 % with no cap, nothing with this one).
     */
    private static final int LINGER_FILL = 4;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final BatchListener listener;
    private volatile boolean running = true;

    public Sequencer(LogStore store, long treeId, Clock clock, int maxBatch, int maxPending, BatchListener listener) {
        this(store, treeId, clock, maxBatch, maxPending, Duration.ZERO, listener);
    }

    /**
     * @param linger longest wait for a batch to fill up to the previous batch's size (see the class comment); zero
     *        commits whatever is waiting at once
     */
    public Sequencer(LogStore store, long treeId, Clock clock, int maxBatch, int maxPending, Duration linger,
            BatchListener listener) {
        if (linger.isNegative()) {
            throw new IllegalArgumentException("linger is " + linger + ", want >= 0");
        }
        this.lingerNanos = linger.toNanos();
        this.store = store;
        this.treeId = treeId;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(maxPending);
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("sequencer-" + treeId).daemon().start(this::loop);
    }

    /**
     * Queues a leaf for sequencing.
     *
     * @throws PushbackException if too many submissions are waiting or the sequencer is stopped
     */
    public CompletableFuture<AppendResult> submit(LeafSubmission submission) {
        if (!running) {
            throw new PushbackException("sequencer is stopped");
        }
        Pending p = new Pending(submission, new CompletableFuture<>());
        if (!queue.offer(p)) {
            throw new PushbackException("too many entries waiting to be sequenced");
        }
        return p.result();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        int previous = 0;
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    previous = 0; // idle: the next lone submission does not wait for a burst that is over
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                if (previous > 1 && lingerNanos > 0) {
                    fill(batch, Math.min(Math.min(previous, maxBatch), LINGER_FILL));
                }
                previous = batch.size();
                process(batch);
            } catch (InterruptedException e) {
                // A lingering batch already holds submissions taken off the queue: answer them, never drop them.
                for (Pending taken : batch) {
                    taken.result().completeExceptionally(new PushbackException("sequencer is stopped"));
                }
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new PushbackException("sequencer is stopped"));
        }
    }

    /**
     * Waits up to the linger for {@code batch} to reach {@code target} entries; stops early when it does or when the
     * sequencer is closed (polled in short slices, so {@link #close} never waits out a linger).
     */
    private void fill(List<Pending> batch, int target) throws InterruptedException {
        long deadline = System.nanoTime() + lingerNanos;
        while (batch.size() < target && running) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            Pending next = queue.poll(Math.min(left, CLOSE_CHECK_NANOS), TimeUnit.NANOSECONDS);
            if (next != null) {
                batch.add(next);
                queue.drainTo(batch, maxBatch - batch.size());
            }
        }
    }

    private void process(List<Pending> batch) {
        long start = System.nanoTime();
        Outcome outcome;
        try {
            outcome = store.sequence(treeId, tx -> integrate(tx, batch));
        } catch (RuntimeException e) {
            // Either nothing was stored, or (an ambiguous commit) everything was: the next batch reads the state
            // under the lock either way, and a client that retries an entry that was stored gets a duplicate.
            log.error("sequencing a batch of {} entries for tree {} failed", batch.size(), treeId, e);
            for (Pending p : batch) {
                p.result().completeExceptionally(new PushbackException("log storage unavailable", e));
            }
            return;
        }
        listener.batchCommitted(batch.size(), System.nanoTime() - start, outcome.tiles());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(outcome.results()[i]);
        }
    }

    /** The transaction body: assign indexes, extend the tree, write everything, replace the state. */
    Outcome integrate(LogStore.SequencingTransaction tx, List<Pending> batch) {
        TreeState old = tx.lockedState();
        List<Hash> hashes = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            hashes.add(p.submission().leafHash());
        }
        Map<Hash, Long> existing = tx.existing(hashes);
        Map<String, Long> existingKeys = tx.existingKeys(dedupKeys(batch));
        CompactRange range = old.toCompactRange();
        Tiles.Accumulator tiles = new Tiles.Accumulator();
        long now = clock.millis();
        Map<Hash, Long> assigned = new HashMap<>();
        Map<String, Long> assignedKeys = new HashMap<>();
        List<StoredEntry> entries = new ArrayList<>(batch.size());
        List<LogStore.IndexKey> keys = new ArrayList<>();
        AppendResult[] results = new AppendResult[batch.size()];
        for (int i = 0; i < batch.size(); i++) {
            LeafSubmission s = batch.get(i).submission();
            Long dup = existing.containsKey(s.leafHash()) ? existing.get(s.leafHash()) : assigned.get(s.leafHash());
            if (dup == null && s.dedupKey() != null) {
                dup = existingKeys.containsKey(s.dedupKey()) ? existingKeys.get(s.dedupKey()) : assignedKeys.get(s.dedupKey());
            }
            if (dup != null) {
                results[i] = new AppendResult.Duplicate(dup);
                continue;
            }
            long index = range.size();
            range.append(s.leafHash(), tiles);
            assigned.put(s.leafHash(), index);
            if (s.dedupKey() != null) {
                assignedKeys.put(s.dedupKey(), index);
            }
            byte[] extra = s.sealer() == null ? s.extraData() : sealed(s.sealer(), index, now);
            entries.add(new StoredEntry(treeId, index, s.leafHash(), s.leafInput(), extra, now));
            for (String key : s.indexKeys()) {
                keys.add(new LogStore.IndexKey(key, index));
            }
        }
        if (entries.isEmpty()) {
            return new Outcome(results, List.of());
        }
        TreeState next = new TreeState(treeId, range.size(), range.root(), range.hashes(), now);
        List<Tiles.TileAppend> appends = tiles.appends();
        tx.insertEntries(entries);
        tx.appendTiles(treeId, appends);
        tx.insertIndexKeys(treeId, keys);
        tx.replaceState(old, next);
        for (int i = 0, e = 0; i < results.length; i++) {
            if (results[i] == null) {
                StoredEntry stored = entries.get(e++);
                results[i] = new AppendResult.Appended(stored.leafIndex(), now, next, stored.extraData());
            }
        }
        return new Outcome(results, appends);
    }

    private static byte[] sealed(LeafSubmission.Sealer sealer, long index, long now) {
        byte[] extra = sealer.seal(index, now);
        if (extra == null) {
            throw new IllegalStateException("sealer returned null for leaf " + index);
        }
        return extra;
    }

    private static List<String> dedupKeys(List<Pending> batch) {
        List<String> keys = new ArrayList<>();
        for (Pending p : batch) {
            if (p.submission().dedupKey() != null) {
                keys.add(p.submission().dedupKey());
            }
        }
        return keys;
    }

    /** Stops taking submissions, finishes what is queued, and waits for the thread. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
