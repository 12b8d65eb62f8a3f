package dev.keyless.tlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.CompactRange;
import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.common.merkle.Tiles;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SequencerTest {
    private static final long TREE = 7;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    private InMemoryLogStore memory;
    private FaultyStore store;
    private Sequencer sequencer;

    @BeforeEach
    void setUp() {
        memory = new InMemoryLogStore();
        memory.createTree(new LogTree(TREE, Personality.REKOR, true, 0), 0);
        store = new FaultyStore(memory);
        sequencer = new Sequencer(store, TREE, CLOCK, 64, 4096, (n, nanos, tiles) -> { });
    }

    @AfterEach
    void tearDown() {
        sequencer.close();
    }

    static LeafSubmission leaf(long i) {
        return LeafSubmission.of(ByteBuffer.allocate(8).putLong(i).array(), null, List.of("key:" + (i % 3)));
    }

    @Test
    void concurrentSubmissionsGetDistinctGaplessIndexesAndProvableStates() throws Exception {
        int threads = 8;
        int perThread = 250;
        List<CompletableFuture<AppendResult>> futures = Collections.synchronizedList(new ArrayList<>());
        List<LeafSubmission> submitted = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    LeafSubmission s = leaf(base + i);
                    submitted.add(s);
                    futures.add(sequencer.submit(s));
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        Set<Long> indexes = new HashSet<>();
        for (int i = 0; i < futures.size(); i++) {
            AppendResult.Appended a = (AppendResult.Appended) futures.get(i).get(10, TimeUnit.SECONDS);
            assertThat(indexes.add(a.leafIndex())).as("index %d given twice", a.leafIndex()).isTrue();
            assertThat(a.state().size()).isGreaterThan(a.leafIndex());
            assertThat(a.integratedTimeMillis()).isEqualTo(CLOCK.millis());
        }
        int total = threads * perThread;
        assertThat(indexes).hasSize(total).allMatch(i -> i >= 0 && i < total);
        assertThat(store.batches).as("submissions were grouped into batches").isLessThan(total);

        // The stored tree is exactly the leaves in index order, and every state a caller saw proves its entry.
        CompactRange range = CompactRange.empty();
        for (StoredEntry e : memory.entries(TREE, 0, total)) {
            range.append(e.leafHash());
        }
        assertThat(memory.state(TREE).root()).isEqualTo(range.root());
        TreeLog log = new TreeLog(new LogTree(TREE, Personality.REKOR, true, 0), memory, new TileReader(memory, 64), null);
        for (int i = 0; i < futures.size(); i += 37) {
            AppendResult.Appended a = (AppendResult.Appended) futures.get(i).get();
            Hash leafHash = memory.entryByIndex(TREE, a.leafIndex()).orElseThrow().leafHash();
            ProofVerifier.verifyInclusion(a.leafIndex(), a.state().size(), leafHash,
                    log.inclusionProof(a.leafIndex(), a.state().size()), a.state().root());
        }
        assertThat(memory.search("key:1", 10_000)).hasSize((int) IntStream.range(0, total).filter(i -> i % 3 == 1).count());
    }

    @Test
    void duplicatesInOneBatchAndAcrossBatchesPointAtTheFirstEntry() throws Exception {
        // Hold the sequencer inside a first batch so the next three queue up and are drained as one batch.
        store.holdNext();
        CompletableFuture<AppendResult> blocker = sequencer.submit(leaf(100));
        awaitHeld();
        CompletableFuture<AppendResult> a = sequencer.submit(leaf(1));
        CompletableFuture<AppendResult> b = sequencer.submit(leaf(2));
        CompletableFuture<AppendResult> c = sequencer.submit(leaf(1));
        store.release();
        assertThat(blocker.get(5, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
        long first = ((AppendResult.Appended) a.get(5, TimeUnit.SECONDS)).leafIndex();
        assertThat(b.get()).isInstanceOf(AppendResult.Appended.class);
        assertThat(c.get()).isEqualTo(new AppendResult.Duplicate(first));
        assertThat(sequencer.submit(leaf(1)).get(5, TimeUnit.SECONDS)).isEqualTo(new AppendResult.Duplicate(first));
        assertThat(memory.state(TREE).size()).isEqualTo(3);
        assertThat(store.batches).as("blocker, the three together, the late duplicate").isEqualTo(3);
    }

    static LeafSubmission keyed(String key, long i) {
        return LeafSubmission.deduplicatedBy(key, ByteBuffer.allocate(8).putLong(i).array(), null);
    }

    @Test
    void dedupKeysInOneBatchAndAcrossBatchesPointAtTheFirstEntryWhateverTheLeaf() throws Exception {
        store.holdNext();
        CompletableFuture<AppendResult> blocker = sequencer.submit(leaf(100));
        awaitHeld();
        CompletableFuture<AppendResult> a = sequencer.submit(keyed("entry:a", 1));
        CompletableFuture<AppendResult> b = sequencer.submit(keyed("entry:b", 2));
        CompletableFuture<AppendResult> a2 = sequencer.submit(keyed("entry:a", 3));
        store.release();
        assertThat(blocker.get(5, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
        long first = ((AppendResult.Appended) a.get(5, TimeUnit.SECONDS)).leafIndex();
        assertThat(b.get()).isInstanceOf(AppendResult.Appended.class);
        assertThat(a2.get()).as("another leaf, the same key, one batch").isEqualTo(new AppendResult.Duplicate(first));
        assertThat(sequencer.submit(keyed("entry:a", 4)).get(5, TimeUnit.SECONDS))
                .as("a later batch finds the stored key").isEqualTo(new AppendResult.Duplicate(first));
        LeafSubmission sameIndexKeyNoDedup = LeafSubmission.of(ByteBuffer.allocate(8).putLong(5).array(), null, List.of("entry:a"));
        assertThat(sequencer.submit(sameIndexKeyNoDedup).get(5, TimeUnit.SECONDS))
                .as("an index key only deduplicates submissions that name it as their dedup key")
                .isInstanceOf(AppendResult.Appended.class);
        assertThat(memory.state(TREE).size()).isEqualTo(4);
        assertThat(memory.search("entry:a", 10)).as("the first keyed entry and the unkeyed one").hasSize(2);
    }

    @Test
    void aSealerGetsTheAssignedIndexAndTimeAndWhatItReturnsIsStored() throws Exception {
        List<Long> sealedIndexes = Collections.synchronizedList(new ArrayList<>());
        LeafSubmission.Sealer sealer = (index, millis) -> {
            sealedIndexes.add(index);
            return ByteBuffer.allocate(16).putLong(index).putLong(millis).array();
        };
        byte[] first = {1};
        List<CompletableFuture<AppendResult>> futures = List.of(
                sequencer.submit(LeafSubmission.sealed(first, List.of(), sealer)),
                sequencer.submit(LeafSubmission.sealed(new byte[] {2}, List.of(), sealer)),
                sequencer.submit(LeafSubmission.sealed(first, List.of(), sealer)));
        for (int i = 0; i < 2; i++) {
            AppendResult.Appended a = (AppendResult.Appended) futures.get(i).get(5, TimeUnit.SECONDS);
            byte[] want = ByteBuffer.allocate(16).putLong(a.leafIndex()).putLong(CLOCK.millis()).array();
            assertThat(a.extraData()).isEqualTo(want);
            assertThat(memory.entryByIndex(TREE, a.leafIndex()).orElseThrow().extraData()).isEqualTo(want);
        }
        assertThat(futures.get(2).get(5, TimeUnit.SECONDS)).isEqualTo(new AppendResult.Duplicate(0));
        assertThat(sealedIndexes).as("a duplicate is not sealed").containsExactlyInAnyOrder(0L, 1L);
    }

    @Test
    void aFailingSealerFailsItsBatchAndStoresNothing() throws Exception {
        CompletableFuture<AppendResult> f = sequencer.submit(LeafSubmission.sealed(new byte[] {9}, List.of(), (i, t) -> {
            throw new IllegalStateException("signer gone");
        }));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PushbackException.class);
        assertThat(memory.state(TREE).size()).isZero();
        assertThat(sequencer.submit(leaf(1)).get(5, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void aSubmissionHasExtraDataOrASealerNotBoth() {
        assertThatThrownBy(() -> new LeafSubmission(new byte[] {1}, Hash.sha256(new byte[] {1}), new byte[] {2}, List.of(),
                null, (i, t) -> new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dedupKeyMustBeStoredAsAnIndexKey() {
        assertThatThrownBy(() -> new LeafSubmission(new byte[] {1}, Hash.sha256(new byte[] {1}), null, List.of("x"), "y", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one of the index keys");
    }

    @Test
    void failureBeforeCommitStoresNothingAndTheNextBatchProceeds() throws Exception {
        store.failNext(false);
        CompletableFuture<AppendResult> lost = sequencer.submit(leaf(1));
        assertThatThrownBy(() -> lost.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(PushbackException.class);
        assertThat(memory.state(TREE).size()).isZero();
        AppendResult.Appended retried = (AppendResult.Appended) sequencer.submit(leaf(1)).get(5, TimeUnit.SECONDS);
        assertThat(retried.leafIndex()).isZero();
    }

    @Test
    void failureAfterCommitIsReportedAndTheRetryIsADuplicate() throws Exception {
        // "Failed but persisted": the commit happened, the acknowledgement did not.
        store.failNext(true);
        CompletableFuture<AppendResult> ambiguous = sequencer.submit(leaf(1));
        assertThatThrownBy(() -> ambiguous.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(PushbackException.class);
        assertThat(memory.state(TREE).size()).isEqualTo(1);
        assertThat(sequencer.submit(leaf(1)).get(5, TimeUnit.SECONDS)).isEqualTo(new AppendResult.Duplicate(0));
        AppendResult.Appended next = (AppendResult.Appended) sequencer.submit(leaf(2)).get(5, TimeUnit.SECONDS);
        assertThat(next.leafIndex()).as("no gap, no reuse after the ambiguous commit").isEqualTo(1);
    }

    @Test
    void fullQueueIsPushback() {
        Sequencer small = new Sequencer(store, TREE, CLOCK, 1, 2, (n, nanos, tiles) -> { });
        try {
            store.holdNext();
            small.submit(leaf(1)); // taken by the sequencer thread, held inside the store
            awaitHeld();
            small.submit(leaf(2));
            small.submit(leaf(3));
            assertThatThrownBy(() -> small.submit(leaf(4))).isInstanceOf(PushbackException.class);
        } finally {
            store.release();
            small.close();
        }
        assertThatThrownBy(() -> small.submit(leaf(5))).isInstanceOf(PushbackException.class).hasMessageContaining("stopped");
    }

    @Test
    void underConcurrentLoadABatchWaitsToReachThePreviousSizeUpToFourButALoneClientNeverWaits() throws Exception {
        List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
        try (Sequencer lingering = new Sequencer(store, TREE, CLOCK, 64, 1024, Duration.ofSeconds(30),
                (n, nanos, tiles) -> sizes.add(n))) {
            // A lone client: every batch holds one entry, so no batch waits (a wait would take 30 s).
            for (int i = 0; i < 3; i++) {
                assertThat(lingering.submit(leaf(i)).get(5, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
            }
            oneThenTwoBehindIt(lingering, 3);
            // The previous batch held two: a single newcomer waits for a second one and they commit together.
            CompletableFuture<AppendResult> c = lingering.submit(leaf(6));
            Thread.sleep(200);
            assertThat(c).as("waits for the batch to fill").isNotDone();
            CompletableFuture<AppendResult> d = lingering.submit(leaf(7));
            CompletableFuture.allOf(c, d).get(5, TimeUnit.SECONDS);
            assertThat(sizes).containsExactly(1, 1, 1, 1, 2, 2);
            // After a batch of six, a batch waits for four entries only, not six.
            store.holdNext();
            CompletableFuture<AppendResult> held2 = lingering.submit(leaf(9));
            CompletableFuture<AppendResult> held3 = lingering.submit(leaf(10));
            awaitHeld();
            List<CompletableFuture<AppendResult>> six = new ArrayList<>();
            for (int i = 11; i < 17; i++) {
                six.add(lingering.submit(leaf(i)));
            }
            store.release();
            CompletableFuture.allOf(held2, held3).get(5, TimeUnit.SECONDS);
            CompletableFuture.allOf(six.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            List<CompletableFuture<AppendResult>> four = new ArrayList<>();
            for (int i = 20; i < 23; i++) {
                four.add(lingering.submit(leaf(i)));
            }
            Thread.sleep(200);
            assertThat(four).as("three of four wait").noneMatch(CompletableFuture::isDone);
            four.add(lingering.submit(leaf(23)));
            CompletableFuture.allOf(four.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
            assertThat(sizes).containsExactly(1, 1, 1, 1, 2, 2, 2, 6, 4);
            // Closing ends a wait at once and commits what is waiting.
            CompletableFuture<AppendResult> e = lingering.submit(leaf(8));
            Thread.sleep(100);
            assertThat(e).isNotDone();
            long start = System.nanoTime();
            lingering.close();
            assertThat(e.get(5, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
            assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
        }
    }

    @Test
    void afterAnIdlePauseALoneSubmissionDoesNotWaitForTheEarlierBurst() throws Exception {
        try (Sequencer lingering = new Sequencer(store, TREE, CLOCK, 64, 1024, Duration.ofSeconds(30),
                (n, nanos, tiles) -> { })) {
            oneThenTwoBehindIt(lingering, 1);
            Thread.sleep(300); // longer than the sequencer's 100 ms idle poll
            assertThat(lingering.submit(leaf(4)).get(5, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
        }
    }

    @Test
    void aNegativeLingerIsRefused() {
        assertThatThrownBy(() -> new Sequencer(store, TREE, CLOCK, 1, 2, Duration.ofMillis(-1), (n, nanos, tiles) -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A batch of one (leaf {@code first}) held in the store while two more queue up, then a batch of those two. */
    private void oneThenTwoBehindIt(Sequencer sequencer, long first) throws Exception {
        store.holdNext();
        CompletableFuture<AppendResult> held = sequencer.submit(leaf(first));
        awaitHeld();
        CompletableFuture<AppendResult> a = sequencer.submit(leaf(first + 1));
        CompletableFuture<AppendResult> b = sequencer.submit(leaf(first + 2));
        store.release();
        CompletableFuture.allOf(held, a, b).get(5, TimeUnit.SECONDS);
    }

    private void awaitHeld() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!store.isHolding() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(store.isHolding()).isTrue();
    }

    /** Wraps a store to count batches and state reads, hold a batch open, or fail one before or after it is applied. */
    static final class FaultyStore implements LogStore {
        private final InMemoryLogStore delegate;
        private final AtomicReference<Boolean> failNext = new AtomicReference<>();
        private volatile CountDownLatch hold;
        private volatile boolean holding;
        volatile int batches;
        final AtomicInteger stateReads = new AtomicInteger();
        final AtomicInteger entryReads = new AtomicInteger();

        FaultyStore(InMemoryLogStore delegate) {
            this.delegate = delegate;
        }

        void failNext(boolean afterCommit) {
            failNext.set(afterCommit);
        }

        void holdNext() {
            hold = new CountDownLatch(1);
        }

        void release() {
            hold.countDown();
        }

        boolean isHolding() {
            return holding;
        }

        @Override
        public <T> T sequence(long treeId, SequencingWork<T> work) {
            CountDownLatch h = hold;
            if (h != null) {
                holding = true;
                try {
                    h.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                holding = false;
                hold = null;
            }
            batches++;
            Boolean fail = failNext.getAndSet(null);
            if (fail != null && !fail) {
                throw new IllegalStateException("injected: connection lost before commit");
            }
            T result = delegate.sequence(treeId, work);
            if (fail != null) {
                throw new IllegalStateException("injected: connection lost after commit");
            }
            return result;
        }

        @Override
        public List<LogTree> trees(Personality p) {
            return delegate.trees(p);
        }

        @Override
        public void createTree(LogTree tree, long at) {
            delegate.createTree(tree, at);
        }

        @Override
        public boolean adoptKey(long treeId, Hash keyId) {
            return delegate.adoptKey(treeId, keyId);
        }

        @Override
        public boolean rotate(long activeTreeId, LogTree next, long at) {
            return delegate.rotate(activeTreeId, next, at);
        }

        @Override
        public TreeState state(long treeId) {
            stateReads.incrementAndGet();
            return delegate.state(treeId);
        }

        @Override
        public Optional<StoredEntry> entryByIndex(long treeId, long i) {
            entryReads.incrementAndGet();
            return delegate.entryByIndex(treeId, i);
        }

        @Override
        public List<StoredEntry> entries(long treeId, long from, long to) {
            return delegate.entries(treeId, from, to);
        }

        @Override
        public Optional<StoredEntry> entryByLeafHash(long treeId, Hash h) {
            return delegate.entryByLeafHash(treeId, h);
        }

        @Override
        public Map<Tiles.TileId, byte[]> tiles(long treeId,
                Collection<Tiles.TileId> t) {
            return delegate.tiles(treeId, t);
        }

        @Override
        public List<EntryRef> search(String key, int limit) {
            return delegate.search(key, limit);
        }
    }
}
