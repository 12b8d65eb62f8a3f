package dev.keyless.tlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tree state reads use: this process's own commits at once, another process's within the maximum age or as
 * soon as a read needs the larger tree, and never a state smaller than one already seen.
 */
class TreeLogTest {
    private static final long TREE = 11;
    private static final LogTree LOG_TREE = new LogTree(TREE, Personality.REKOR, true, 0);
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);

    private InMemoryLogStore memory;
    private SequencerTest.FaultyStore store;
    private Sequencer ours;
    private Sequencer theirs;

    @BeforeEach
    void setUp() {
        memory = new InMemoryLogStore();
        memory.createTree(LOG_TREE, 0);
        store = new SequencerTest.FaultyStore(memory);
        ours = new Sequencer(memory, TREE, CLOCK, 64, 1024, (n, nanos, tiles) -> { });
        // Another process's writer: same database, not this TreeLog's sequencer.
        theirs = new Sequencer(memory, TREE, CLOCK, 64, 1024, (n, nanos, tiles) -> { });
    }

    @AfterEach
    void tearDown() {
        ours.close();
        theirs.close();
    }

    private TreeLog log(Duration maxAge) {
        return new TreeLog(LOG_TREE, store, new TileReader(memory, 64), ours, maxAge, EntryCache.disabled());
    }

    private static void await(CompletableFuture<AppendResult> f) throws Exception {
        assertThat(f.get(10, TimeUnit.SECONDS)).isInstanceOf(AppendResult.Appended.class);
    }

    @Test
    void readsWithinTheMaximumAgeDoNotQueryTheStore() {
        TreeLog log = log(Duration.ofHours(1));
        assertThat(log.state().size()).isZero();
        int reads = store.stateReads.get();
        for (int i = 0; i < 100; i++) {
            assertThat(log.state().size()).isZero();
        }
        assertThat(store.stateReads.get()).isEqualTo(reads);
    }

    @Test
    void ownCommitsAreSeenAtOnceWithoutAQuery() throws Exception {
        TreeLog log = log(Duration.ofHours(1));
        log.state();
        int reads = store.stateReads.get();
        await(log.append(SequencerTest.leaf(1)));
        await(log.append(SequencerTest.leaf(2)));
        assertThat(log.state().size()).isEqualTo(2);
        assertThat(log.state().root()).isEqualTo(memory.state(TREE).root());
        assertThat(store.stateReads.get()).isEqualTo(reads);
    }

    @Test
    void anotherWritersCommitsAreSeenWhenAReadNeedsThem() throws Exception {
        TreeLog log = log(Duration.ofHours(1));
        await(log.append(SequencerTest.leaf(1)));
        await(theirs.submit(SequencerTest.leaf(2)));
        await(theirs.submit(SequencerTest.leaf(3)));

        assertThat(log.state().size()).as("within the age, the known state").isEqualTo(1);
        assertThat(log.stateCovering(3).size()).isEqualTo(3);
        assertThat(log.stateCovering(3).root()).isEqualTo(memory.state(TREE).root());
        assertThat(log.state().size()).as("a larger state once seen is kept").isEqualTo(3);
        assertThat(log.stateCovering(10).size()).as("a size the tree does not have: the latest state").isEqualTo(3);
    }

    @Test
    void anotherWritersCommitsAreSeenOnceTheKnownStateIsTooOld() throws Exception {
        TreeLog fresh = log(Duration.ZERO);
        TreeLog aged = log(Duration.ofMillis(50));
        fresh.state();
        aged.state();
        await(theirs.submit(SequencerTest.leaf(1)));

        assertThat(fresh.state().size()).as("age zero reads the store every time").isEqualTo(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (aged.state().size() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(aged.state().size()).isEqualTo(1);
    }

    @Test
    void negativeMaximumAgeIsRefused() {
        assertThatThrownBy(() -> log(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("want >= 0");
    }

    @Test
    void anEntryAppendedHereIsReadFromMemoryAsStored() throws Exception {
        TreeLog log = new TreeLog(LOG_TREE, store, new TileReader(memory, 64), ours, Duration.ZERO, new EntryCache(1 << 20));
        await(log.append(SequencerTest.leaf(1)));
        int reads = store.entryReads.get();
        StoredEntry cached = log.entry(0).orElseThrow();
        assertThat(store.entryReads.get()).as("no query").isEqualTo(reads);
        StoredEntry stored = memory.entryByIndex(TREE, 0).orElseThrow();
        assertThat(cached).usingRecursiveComparison().isEqualTo(stored);
    }

    @Test
    void anEntryReadFromTheStoreIsKeptForTheNextRead() throws Exception {
        TreeLog log = new TreeLog(LOG_TREE, store, new TileReader(memory, 64), ours, Duration.ZERO, new EntryCache(1 << 20));
        await(theirs.submit(SequencerTest.leaf(2))); // another process's entry
        int reads = store.entryReads.get();
        assertThat(log.entry(0)).isPresent();
        assertThat(log.entry(0)).isPresent();
        assertThat(store.entryReads.get()).isEqualTo(reads + 1);
        assertThat(log.entry(1)).as("a missing entry is not remembered as missing").isEmpty();
        await(theirs.submit(SequencerTest.leaf(3)));
        assertThat(log.entry(1)).isPresent();
    }

    @Test
    void aBatchThatFailedLeavesNothingInMemory() throws Exception {
        EntryCache cache = new EntryCache(1 << 20);
        try (Sequencer failing = new Sequencer(store, TREE, CLOCK, 64, 1024, (n, nanos, tiles) -> { })) {
            TreeLog log = new TreeLog(LOG_TREE, store, new TileReader(memory, 64), failing, Duration.ZERO, cache);
            store.failNext(false);
            assertThatThrownBy(() -> log.append(SequencerTest.leaf(4)).get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(PushbackException.class);
            assertThat(cache.size()).isZero();
            assertThat(log.entry(0)).isEmpty();
        }
    }

    @Test
    void theCacheHoldsNoMoreThanItsBytes() {
        int perEntry = 8 + EntryCache.OVERHEAD_BYTES;
        EntryCache cache = new EntryCache(10L * perEntry);
        for (long i = 0; i < 100; i++) {
            cache.put(new StoredEntry(TREE, i, Hash.sha256(new byte[] {(byte) i}), new byte[8], null, 0));
        }
        assertThat(cache.size()).isBetween(1L, 10L);
        EntryCache off = EntryCache.disabled();
        off.put(new StoredEntry(TREE, 0, Hash.sha256(new byte[] {0}), new byte[8], null, 0));
        assertThat(off.get(TREE, 0)).isEmpty();
        assertThatThrownBy(() -> new EntryCache(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
