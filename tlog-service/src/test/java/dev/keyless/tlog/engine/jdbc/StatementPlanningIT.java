package dev.keyless.tlog.engine.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Tiles;
import dev.keyless.testing.TestDatabase;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The statements whose best plan changes as the log grows (those taking arrays: the duplicate checks and the tile
 * read) are never kept as server-side prepared statements with a cached generic plan, which would scan the whole
 * tree once the log is large; key lookups are, so they are planned once. Checked on one connection through
 * PostgreSQL's own list of the session's prepared statements.
 */
class StatementPlanningIT {

    @Test
    void arrayStatementsArePlannedAtEachExecutionAndKeyLookupsArePreparedOnce() throws Exception {
        // A database of its own, migrated like the service's, holding one active tree.
        TestDatabase db = TestDatabase.createAnother();
        try (Connection connection = db.connect()) {
            JdbcLogStore store = MigratedStores.migrated(new SingleConnectionDataSource(connection, true));
            long treeId = 7;
            store.createTree(new LogTree(treeId, Personality.CT, true, 0), 0);

            // The driver names a statement after 5 executions; run each well past that.
            for (int i = 0; i < 12; i++) {
                store.sequence(treeId, tx -> {
                    tx.lockedState();
                    tx.existing(List.of(Hash.sha256(new byte[] {1})));
                    tx.existingKeys(List.of("key"));
                    return null;
                });
                store.tiles(treeId, List.of(new Tiles.TileId(0, 0)));
                store.state(treeId);
            }

            List<String> prepared = new ArrayList<>();
            try (Statement s = connection.createStatement();
                    ResultSet rs = s.executeQuery("SELECT statement FROM pg_prepared_statements")) {
                while (rs.next()) {
                    prepared.add(rs.getString(1));
                }
            }
            assertThat(prepared).as("a key lookup is a named prepared statement (so this check can see them)")
                    .anyMatch(sql -> sql.contains("FROM tree_state WHERE tree_id"));
            assertThat(prepared).as("no statement taking arrays keeps a cached plan")
                    .noneMatch(sql -> sql.contains("ANY(") || sql.contains("unnest("));
        }
    }
}
