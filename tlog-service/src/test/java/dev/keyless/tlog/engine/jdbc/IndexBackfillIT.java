package dev.keyless.tlog.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.encoding.Hash;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.engine.IndexBackfill;
import dev.keyless.tlog.engine.IndexBackfillStore;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.RekorFingerprints;
import dev.keyless.tlog.rekor.ValidatedEntry;
import dev.keyless.tlog.rekor.web.HashedRekords;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * Entries logged before their fingerprint keys existed (appended here without them, as the earlier version did) get
 * them from the backfill, on PostgreSQL: found by fingerprint afterwards; a finished tree is not read again, even
 * after it grew; two passes at once write every batch once.
 */
class IndexBackfillIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private JdbcLogStore store;
    private JdbcIndexBackfillStore progress;

    /** A database of each test's own: each has its tree as shard 0. */
    @BeforeEach
    void database() {
        TestDatabase db = TestDatabase.createAnother();
        DataSource ds = new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password());
        store = MigratedStores.migrated(ds);
        progress = new JdbcIndexBackfillStore(new JdbcTemplate(ds), new TransactionTemplate(new DataSourceTransactionManager(ds)));
    }

    /** Appends {@code n} hashedrekord entries with the keys the earlier version wrote (no fingerprints). */
    private List<ValidatedEntry> appendWithoutFingerprints(long tree, int n) throws Exception {
        EntryTypes types = new EntryTypes(AlgorithmPolicy.defaults());
        HashedRekords keys = new HashedRekords();
        List<ValidatedEntry> entries = new ArrayList<>();
        List<CompletableFuture<?>> appended = new ArrayList<>();
        try (Sequencer sequencer = new Sequencer(store, tree, Clock.systemUTC(), 64, 1024, (c, nanos, tiles) -> { })) {
            for (int i = 0; i < n; i++) {
                ValidatedEntry e = types.validate(JSON.readTree(keys.next().json()));
                entries.add(e);
                List<String> fingerprints = RekorFingerprints.of(e.canonicalBody());
                appended.add(sequencer.submit(LeafSubmission.of(e.canonicalBody(), null,
                        e.indexKeys().stream().filter(k -> !fingerprints.contains(k)).toList())));
                if (appended.size() == 500) { // within the sequencer's queue
                    CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                    appended.clear();
                }
            }
            CompletableFuture.allOf(appended.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        return entries;
    }

    private static List<String> fingerprints(ValidatedEntry e) {
        return RekorFingerprints.of(e.canonicalBody());
    }

    @Test
    void earlierEntriesAreFoundByFingerprintAfterThePassAndAFinishedTreeIsNotReadAgain() throws Exception {
        long tree = 11;
        store.createTree(new LogTree(tree, Personality.REKOR, true, 0, Hash.sha256(new byte[] {'k'})), 0);
        List<ValidatedEntry> old = appendWithoutFingerprints(tree, 600);
        String firstKey = fingerprints(old.get(0)).get(0);
        assertThat(store.search(firstKey, 10)).as("logged before the keys existed").isEmpty();

        IndexBackfill backfill = new IndexBackfill(store, progress);
        assertThat(backfill.run(tree, RekorFingerprints.VERSION, RekorFingerprints::of)).isEqualTo(600);
        // Each key names its own entry (each entry here was signed with the same key, so all 600 share one key).
        assertThat(store.search(firstKey, 1000)).hasSize(600)
                .extracting(LogStore.EntryRef::leafIndex).contains(0L, 599L);
        assertThat(progress.begin(tree, RekorFingerprints.VERSION, 12345)).isEqualTo(new IndexBackfillStore.Progress(600, 600));

        appendWithoutFingerprints(tree, 5); // as if logged with the keys: the pass must not read them
        assertThat(backfill.run(tree, RekorFingerprints.VERSION, leaf -> {
            throw new AssertionError("a finished tree was read again");
        })).isZero();
        assertThat(progress.advance(tree, RekorFingerprints.VERSION, 0, 10, List.of()))
                .as("a stale compare-and-swap writes nothing").isFalse();
        assertThat(progress.advance(tree, RekorFingerprints.VERSION, 600, 601, List.of()))
                .as("never past the end").isFalse();
    }

    @Test
    void aBatchReadsNoMoreThanItsBytesAllowAndAtLeastOneLeaf() throws Exception {
        long tree = 13;
        store.createTree(new LogTree(tree, Personality.REKOR, true, 0, Hash.sha256(new byte[] {'b'})), 0);
        List<ValidatedEntry> entries = appendWithoutFingerprints(tree, 40);
        long tenBytes = 0; // leaves 5 to 14 (bodies differ by a few bytes: signature lengths vary)
        for (int i = 5; i < 15; i++) {
            tenBytes += entries.get(i).canonicalBody().length;
        }
        List<IndexBackfillStore.Leaf> ten = progress.leaves(tree, 5, 40, tenBytes + 10);
        assertThat(ten).extracting(IndexBackfillStore.Leaf::leafIndex).containsExactly(5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L,
                13L, 14L);
        assertThat(ten.get(0).leafInput()).isEqualTo(entries.get(5).canonicalBody());
        assertThat(progress.leaves(tree, 5, 40, 1)).as("one leaf even when it alone is larger").hasSize(1);
        assertThat(progress.leaves(tree, 38, 100, Long.MAX_VALUE)).as("no further than the tree").hasSize(2);
    }

    @Test
    void twoPassesAtOnceWriteEveryBatchOnce() throws Exception {
        long tree = 12;
        store.createTree(new LogTree(tree, Personality.REKOR, true, 0, Hash.sha256(new byte[] {'m'})), 0);
        appendWithoutFingerprints(tree, 2000);
        var pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> passes = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                IndexBackfill backfill = new IndexBackfill(store, progress);
                passes.add(pool.submit(() -> backfill.run(tree, RekorFingerprints.VERSION, RekorFingerprints::of)));
            }
            long total = 0;
            for (Future<Long> p : passes) {
                total += p.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).as("the entries both passes went through, each batch counted by the one that wrote it")
                    .isEqualTo(2000);
        } finally {
            pool.shutdownNow();
        }
        assertThat(progress.begin(tree, RekorFingerprints.VERSION, 0)).isEqualTo(new IndexBackfillStore.Progress(2000, 2000));
    }
}
