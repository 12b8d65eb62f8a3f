package dev.keyless.tlog.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.common.encoding.Hash;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.engine.AppendResult;
import dev.keyless.tlog.engine.LeafSubmission;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.PushbackException;
import dev.keyless.tlog.engine.Sequencer;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A key rotation freezes a tree while holding its writer lock. A batch of a process still running with the old
 * key that queued for the lock meanwhile must not commit into the frozen tree once it gets the lock: global
 * indexes of the next shard start after the frozen tree's size.
 */
class FrozenTreeIT {
    private static final long TREE = 7;

    @Test
    void batchWaitingForTheWriterLockDuringARotationIsRefused() throws Exception {
        TestDatabase db = TestDatabase.createAnother();
        JdbcLogStore store = MigratedStores.migrated(
                new DriverManagerDataSource(db.jdbcUrl(), db.user(), db.password() == null ? "" : db.password()));
        store.createTree(new LogTree(TREE, Personality.REKOR, true, 0, Hash.sha256(new byte[] {'a'})), 0);

        try (Sequencer sequencer = new Sequencer(store, TREE, Clock.systemUTC(), 8, 64, (n, nanos, tiles) -> { })) {
            assertThat(sequencer.submit(LeafSubmission.of(new byte[] {1}, null, List.of())).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(AppendResult.Appended.class);
            // Another process's rotation, held open after it took the writer lock and froze the tree.
            try (Connection rotation = db.connect()) {
                rotation.setAutoCommit(false);
                try (Statement s = rotation.createStatement()) {
                    s.executeQuery("SELECT tree_size FROM tree_state WHERE tree_id = " + TREE + " FOR UPDATE").close();
                    s.executeUpdate("UPDATE log_tree SET state = 'inactive' WHERE tree_id = " + TREE);
                }
                CompletableFuture<AppendResult> queued = sequencer.submit(LeafSubmission.of(new byte[] {2}, null, List.of()));
                Thread.sleep(500);
                assertThat(queued).as("the batch waits for the writer lock").isNotDone();
                rotation.commit();
                assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(PushbackException.class);
            }
        }
        assertThat(store.state(TREE).size()).isEqualTo(1);
    }
}
