package dev.keyless.tlog.engine.jdbc;

import dev.keyless.tlog.engine.IndexBackfillStore;
import dev.keyless.tlog.engine.LogStore;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** PostgreSQL implementation of {@link IndexBackfillStore}; the schema is {@code db/migration/V5__index_backfill.sql}. */
public final class JdbcIndexBackfillStore implements IndexBackfillStore {
    /** A row another process created first wins: its end stands. */
    private static final String INSERT_PROGRESS = "INSERT INTO index_backfill (tree_id, key_version, next_leaf_index,"
            + " end_leaf_index) VALUES (?, ?, 0, ?) ON CONFLICT DO NOTHING";
    private static final String SELECT_PROGRESS =
            "SELECT next_leaf_index, end_leaf_index FROM index_backfill WHERE tree_id = ? AND key_version = ?";
    private static final String UPDATE_PROGRESS = "UPDATE index_backfill SET next_leaf_index = ?"
            + " WHERE tree_id = ? AND key_version = ? AND next_leaf_index = ? AND ? <= end_leaf_index";
    private static final String SELECT_SIZES = "SELECT leaf_index, length(leaf_input) FROM entry"
            + " WHERE tree_id = ? AND leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index";
    private static final String SELECT_LEAVES = "SELECT leaf_index, leaf_input FROM entry"
            + " WHERE tree_id = ? AND leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcIndexBackfillStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public List<Leaf> leaves(long treeId, long from, long to, long maxBytes) {
        // The sizes first (no leaf bytes read), to cut the range where the bytes would pass maxBytes.
        long[] end = {from};
        long[] bytes = {0};
        boolean[] full = {false};
        jdbc.query(SELECT_SIZES, rs -> {
            long length = rs.getLong(2);
            if (!full[0] && (end[0] == from || bytes[0] + length <= maxBytes)) {
                bytes[0] += length;
                end[0] = rs.getLong(1) + 1;
            } else {
                full[0] = true; // a contiguous range: nothing after the first leaf that does not fit
            }
        }, treeId, from, to);
        if (end[0] == from) {
            return List.of();
        }
        return jdbc.query(SELECT_LEAVES, (rs, n) -> new Leaf(rs.getLong(1), rs.getBytes(2)), treeId, from, end[0]);
    }

    @Override
    public Progress begin(long treeId, int version, long sizeNow) {
        return tx.execute(status -> {
            jdbc.update(INSERT_PROGRESS, treeId, version, sizeNow);
            return jdbc.queryForObject(SELECT_PROGRESS, (rs, n) -> new Progress(rs.getLong(1), rs.getLong(2)), treeId,
                    version);
        });
    }

    @Override
    public boolean advance(long treeId, int version, long from, long to, List<LogStore.IndexKey> keys) {
        if (to < from) {
            throw new IllegalArgumentException("backfill range [" + from + ", " + to + ") runs backwards");
        }
        return Boolean.TRUE.equals(tx.execute(status -> {
            // The progress first: the compare-and-swap decides whether this process writes the batch at all.
            if (jdbc.update(UPDATE_PROGRESS, to, treeId, version, from, to) != 1) {
                status.setRollbackOnly();
                return false;
            }
            jdbc.batchUpdate(JdbcSequencingTransaction.INSERT_INDEX_KEY, keys, 500, (ps, k) -> {
                ps.setString(1, k.key());
                ps.setLong(2, treeId);
                ps.setLong(3, k.leafIndex());
            });
            return true;
        }));
    }
}
