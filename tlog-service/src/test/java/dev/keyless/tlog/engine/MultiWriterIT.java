package dev.keyless.tlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.merkle.ProofVerifier;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.engine.jdbc.JdbcLogStore;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two sequencers on one PostgreSQL tree, as two tlog-service processes on one database would run: the row lock
 * serializes them, so indexes have no gaps or repeats and every state either writer committed is a prefix of
 * the final tree (consistency proofs verify between all of them).
 */
class MultiWriterIT {
    @Test
    void twoWritersOnOneTreeNeverFork() throws Exception {
        TestDatabase db = TestDatabase.createAnother();
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl(db.jdbcUrl());
        ds.setUsername(db.user());
        ds.setPassword(db.password() == null ? "" : db.password());
        ds.setMaximumPoolSize(8);
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        LogStore store = new JdbcLogStore(jdbc, tx);
        LogTree tree = new LogTree(99, Personality.REKOR, true, 0);
        store.createTree(tree, 0);

        // One tile cache fed by both writers' commits: each sees the other's appends only by re-reading, so the
        // cache must skip appends that do not extend its copy exactly.
        TileReader reader = new TileReader(store, 1024);
        Sequencer a = new Sequencer(store, 99, Clock.systemUTC(), 32, 4096, (n, t, tiles) -> reader.committed(99, tiles));
        Sequencer b = new Sequencer(store, 99, Clock.systemUTC(), 32, 4096, (n, t, tiles) -> reader.committed(99, tiles));
        ConcurrentLinkedQueue<CompletableFuture<AppendResult>> futures = new ConcurrentLinkedQueue<>();
        List<Thread> workers = new ArrayList<>();
        int perWorker = 150;
        for (int w = 0; w < 6; w++) {
            Sequencer target = w % 2 == 0 ? a : b;
            int base = w * perWorker;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perWorker; i++) {
                    futures.add(target.submit(LeafSubmission.of(ByteBuffer.allocate(8).putLong(base + i).array(), null, List.of())));
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        List<AppendResult.Appended> results = new ArrayList<>();
        for (CompletableFuture<AppendResult> f : futures) {
            results.add((AppendResult.Appended) f.get(30, TimeUnit.SECONDS));
        }
        a.close();
        b.close();

        int total = 6 * perWorker;
        Set<Long> indexes = new HashSet<>();
        results.forEach(r -> indexes.add(r.leafIndex()));
        assertThat(indexes).hasSize(total);
        assertThat(indexes.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);
        TreeState last = store.state(99);
        assertThat(last.size()).isEqualTo(total);

        TreeLog log = new TreeLog(tree, store, reader, null);
        Set<Long> checkedSizes = new HashSet<>();
        for (AppendResult.Appended r : results) {
            TreeState s = r.state();
            var entry = store.entryByIndex(99, r.leafIndex()).orElseThrow();
            ProofVerifier.verifyInclusion(r.leafIndex(), s.size(), entry.leafHash(), log.inclusionProof(r.leafIndex(), s.size()), s.root());
            if (checkedSizes.add(s.size())) {
                ProofVerifier.verifyConsistency(s.size(), last.size(), log.consistencyProof(s.size(), last.size()), s.root(), last.root());
            }
        }
        assertThat(checkedSizes.size()).as("several batches from both writers").isGreaterThan(2);
        ds.close();
    }
}
