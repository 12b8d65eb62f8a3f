package dev.keyless.tlog.engine.jdbc;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Tiles;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TreeState;
import dev.keyless.tlog.engine.LogStore.IndexKey;
import dev.keyless.tlog.engine.LogStore.SequencingTransaction;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.IncorrectUpdateSemanticsDataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The sequencer's writes, inside the transaction opened by {@link JdbcLogStore#sequence}; the writer lock is the
 * {@code tree_state} row, taken by {@link #lockedState}. Every write checks its row count or fails.
 */
final class JdbcSequencingTransaction implements SequencingTransaction {
    private static final String LOCK_STATE = JdbcLogStore.SELECT_STATE + " FOR UPDATE";
    /**
     * Read after the lock, as its own statement: under READ COMMITTED it then sees a rotation that committed while
     * this transaction waited for the lock (a join inside the locking statement would still see its older snapshot).
     */
    private static final String TREE_IS_ACTIVE = "SELECT state = 'active' FROM log_tree WHERE tree_id = ?";
    private static final String UPDATE_STATE = "UPDATE tree_state SET tree_size = ?, root_hash = ?, compact_range = ?,"
            + " integrated_at = ? WHERE tree_id = ? AND tree_size = ?";
    private static final String SELECT_EXISTING = "SELECT leaf_hash, leaf_index FROM entry WHERE tree_id = ? AND leaf_hash = ANY(?)";
    private static final String SELECT_EXISTING_KEYS = "SELECT index_key, min(leaf_index) FROM search_index"
            + " WHERE index_key = ANY(?) AND tree_id = ? GROUP BY index_key";
    private static final String INSERT_ENTRY = "INSERT INTO entry (" + JdbcLogStore.ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)";
    private static final String INSERT_TILE = "INSERT INTO tile (tree_id, tile_level, tile_index, hashes) VALUES (?, ?, ?, ?)";
    private static final String EXTEND_TILE = "UPDATE tile SET hashes = hashes || ? WHERE tree_id = ? AND tile_level = ?"
            + " AND tile_index = ? AND length(hashes) = ?";
    /** Also the backfill's ({@link JdbcIndexBackfillStore}): a key already there is left as it is. */
    static final String INSERT_INDEX_KEY =
            "INSERT INTO search_index (index_key, tree_id, leaf_index) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";

    private final JdbcTemplate jdbc;
    private final long treeId;
    private TreeState locked;

    JdbcSequencingTransaction(JdbcTemplate jdbc, long treeId) {
        this.jdbc = jdbc;
        this.treeId = treeId;
    }

    @Override
    public TreeState lockedState() {
        if (locked == null) {
            TreeState state = jdbc.queryForObject(LOCK_STATE, JdbcLogStore.STATE_MAPPER, treeId);
            // A process still running after a rotation (rolling restart) must not append to the frozen tree.
            if (!Boolean.TRUE.equals(jdbc.queryForObject(TREE_IS_ACTIVE, Boolean.class, treeId))) {
                throw new IllegalStateException("tree " + treeId + " is not active (frozen by a key rotation?)");
            }
            locked = state;
        }
        return locked;
    }

    @Override
    public Map<Hash, Long> existing(Collection<Hash> leafHashes) {
        requireLock();
        Map<Hash, Long> out = new HashMap<>();
        if (leafHashes.isEmpty()) {
            return out;
        }
        byte[][] hashes = leafHashes.stream().map(Hash::toByteArray).toArray(byte[][]::new);
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (var ps = JdbcLogStore.planEachTime(c, SELECT_EXISTING)) {
                ps.setLong(1, treeId);
                ps.setArray(2, c.createArrayOf("bytea", hashes));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(Hash.of(rs.getBytes(1)), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public Map<String, Long> existingKeys(Collection<String> keys) {
        requireLock();
        Map<String, Long> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            try (var ps = JdbcLogStore.planEachTime(c, SELECT_EXISTING_KEYS)) {
                ps.setArray(1, c.createArrayOf("text", keys.toArray()));
                ps.setLong(2, treeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public void insertEntries(List<StoredEntry> entries) {
        requireLock();
        jdbc.batchUpdate(INSERT_ENTRY, entries, 1000, (ps, e) -> {
            ps.setLong(1, e.treeId());
            ps.setLong(2, e.leafIndex());
            ps.setBytes(3, e.leafHash().toByteArray());
            ps.setBytes(4, e.leafInput());
            ps.setBytes(5, e.extraData());
            ps.setLong(6, e.integratedTimeMillis());
        });
    }

    @Override
    public void appendTiles(long tree, List<Tiles.TileAppend> appends) {
        requireLock();
        for (Tiles.TileAppend a : appends) {
            int changed;
            if (a.existingWidth() == 0) {
                changed = jdbc.update(INSERT_TILE, tree, a.tile().level(), a.tile().index(), a.hashes());
            } else {
                changed = jdbc.update(EXTEND_TILE, a.hashes(), tree, a.tile().level(), a.tile().index(),
                        a.existingWidth() * Hash.SIZE);
            }
            if (changed != 1) {
                throw new IncorrectUpdateSemanticsDataAccessException("tile " + a.tile() + " of tree " + tree
                        + " was not at width " + a.existingWidth());
            }
        }
    }

    @Override
    public void insertIndexKeys(long tree, List<IndexKey> keys) {
        requireLock();
        jdbc.batchUpdate(INSERT_INDEX_KEY, keys, 1000, (ps, k) -> {
            ps.setString(1, k.key());
            ps.setLong(2, tree);
            ps.setLong(3, k.leafIndex());
        });
    }

    @Override
    public void replaceState(TreeState old, TreeState next) {
        requireLock();
        int changed = jdbc.update(UPDATE_STATE, next.size(), next.root().toByteArray(), JdbcLogStore.pack(next.compactRange()),
                new Timestamp(next.integratedAtMillis()), treeId, old.size());
        if (changed != 1) {
            throw new IncorrectUpdateSemanticsDataAccessException("tree " + treeId + " is no longer at size " + old.size());
        }
        locked = next;
    }

    private void requireLock() {
        if (locked == null) {
            throw new IllegalStateException("sequencing work must call lockedState() first");
        }
    }
}
