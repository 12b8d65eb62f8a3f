package dev.keyless.tlog.engine.jdbc;

import dev.keyless.common.encoding.Hash;
import dev.keyless.common.merkle.Rfc6962;
import dev.keyless.common.merkle.Tiles;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.StoredEntry;
import dev.keyless.tlog.engine.TreeState;
import dev.keyless.tlog.engine.LogStore;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * PostgreSQL implementation of {@link LogStore}; the schema is {@code db/migration/V1__create_log_tables.sql}.
 *
 * <p>The statements that take arrays (the duplicate checks, the tile read) are sent unnamed, so PostgreSQL plans
 * each execution for its actual parameters and the tables as they are. As named prepared statements they would
 * keep the generic plan picked while the log was small (a scan of the whole tree) until the next ANALYZE, which
 * never comes with autovacuum off or behind (measured: 17 ms per batch at 40k entries instead of 0.1 ms). The
 * other statements are key lookups whose generic plan stays right, and keep the driver's default (named after 5
 * executions, planned once): planning every statement would cost PostgreSQL ~35 % more CPU per entry read.
 */
public final class JdbcLogStore implements LogStore {
    private static final String SELECT_TREES =
            "SELECT tree_id, personality, state, shard_ordinal, key_id FROM log_tree WHERE personality = ? ORDER BY shard_ordinal";
    private static final String INSERT_TREE =
            "INSERT INTO log_tree (tree_id, personality, state, shard_ordinal, created_at, key_id) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String ADOPT_KEY = "UPDATE log_tree SET key_id = ? WHERE tree_id = ? AND key_id IS NULL";
    private static final String FREEZE_TREE = "UPDATE log_tree SET state = 'inactive' WHERE tree_id = ? AND state = 'active'";
    private static final String INSERT_EMPTY_STATE =
            "INSERT INTO tree_state (tree_id, tree_size, root_hash, compact_range, integrated_at) VALUES (?, 0, ?, ''::bytea, ?)";
    private static final String STATE_COLUMNS = "tree_id, tree_size, root_hash, compact_range, integrated_at";
    static final String SELECT_STATE = "SELECT " + STATE_COLUMNS + " FROM tree_state WHERE tree_id = ?";
    private static final String LOCK_STATE_FOR_FREEZE = "SELECT tree_size FROM tree_state WHERE tree_id = ? FOR UPDATE";
    static final String ENTRY_COLUMNS = "tree_id, leaf_index, leaf_hash, leaf_input, extra_data, integrated_time_ms";
    private static final String SELECT_ENTRY_BY_INDEX = "SELECT " + ENTRY_COLUMNS + " FROM entry WHERE tree_id = ? AND leaf_index = ?";
    private static final String SELECT_ENTRY_RANGE = "SELECT " + ENTRY_COLUMNS
            + " FROM entry WHERE tree_id = ? AND leaf_index >= ? AND leaf_index < ? ORDER BY leaf_index";
    private static final String SELECT_ENTRY_BY_HASH = "SELECT " + ENTRY_COLUMNS + " FROM entry WHERE tree_id = ? AND leaf_hash = ?";
    private static final String SELECT_TILES = "SELECT t.tile_level, t.tile_index, t.hashes FROM tile t"
            + " JOIN unnest(?::smallint[], ?::bigint[]) AS w(tile_level, tile_index)"
            + " ON t.tile_level = w.tile_level AND t.tile_index = w.tile_index WHERE t.tree_id = ?";
    private static final String SELECT_BY_KEY =
            "SELECT tree_id, leaf_index FROM search_index WHERE index_key = ? ORDER BY tree_id DESC, leaf_index DESC LIMIT ?";

    private static final RowMapper<StoredEntry> ENTRY_MAPPER = (rs, n) -> new StoredEntry(rs.getLong(1), rs.getLong(2),
            Hash.of(rs.getBytes(3)), rs.getBytes(4), rs.getBytes(5), rs.getLong(6));
    static final RowMapper<TreeState> STATE_MAPPER = JdbcLogStore::mapState;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public JdbcLogStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    @Override
    public List<LogTree> trees(Personality personality) {
        return jdbc.query(SELECT_TREES, (rs, n) -> {
            byte[] key = rs.getBytes(5);
            return new LogTree(rs.getLong(1), Personality.fromDbName(rs.getString(2)), "active".equals(rs.getString(3)),
                    rs.getInt(4), key == null ? null : Hash.of(key));
        }, personality.dbName());
    }

    @Override
    public void createTree(LogTree tree, long createdAtMillis) {
        tx.executeWithoutResult(status -> insertTree(tree, createdAtMillis));
    }

    private void insertTree(LogTree tree, long createdAtMillis) {
        Timestamp at = new Timestamp(createdAtMillis);
        jdbc.update(INSERT_TREE, tree.treeId(), tree.personality().dbName(), tree.active() ? "active" : "inactive",
                tree.shardOrdinal(), at, tree.keyId() == null ? null : tree.keyId().toByteArray());
        jdbc.update(INSERT_EMPTY_STATE, tree.treeId(), Rfc6962.EMPTY_ROOT.toByteArray(), at);
    }

    @Override
    public boolean adoptKey(long treeId, Hash keyId) {
        return jdbc.update(ADOPT_KEY, keyId.toByteArray(), treeId) == 1;
    }

    @Override
    public boolean rotate(long activeTreeId, LogTree next, long createdAtMillis) {
        if (!next.active()) {
            throw new IllegalArgumentException("the tree that takes over must be active");
        }
        return Boolean.TRUE.equals(tx.execute(status -> {
            // The writer lock first: a batch in flight commits before the freeze, and later ones find the tree frozen.
            // The row lock of the UPDATE orders concurrent rotations: the second finds the tree inactive.
            jdbc.queryForList(LOCK_STATE_FOR_FREEZE, activeTreeId);
            if (jdbc.update(FREEZE_TREE, activeTreeId) != 1) {
                return false;
            }
            insertTree(next, createdAtMillis);
            return true;
        }));
    }

    @Override
    public TreeState state(long treeId) {
        return jdbc.queryForObject(SELECT_STATE, STATE_MAPPER, treeId);
    }

    @Override
    public Optional<StoredEntry> entryByIndex(long treeId, long leafIndex) {
        return jdbc.query(SELECT_ENTRY_BY_INDEX, ENTRY_MAPPER, treeId, leafIndex).stream().findFirst();
    }

    @Override
    public List<StoredEntry> entries(long treeId, long from, long to) {
        return jdbc.query(SELECT_ENTRY_RANGE, ENTRY_MAPPER, treeId, from, to);
    }

    @Override
    public Optional<StoredEntry> entryByLeafHash(long treeId, Hash leafHash) {
        return jdbc.query(SELECT_ENTRY_BY_HASH, ENTRY_MAPPER, treeId, leafHash.toByteArray()).stream().findFirst();
    }

    @Override
    public Map<Tiles.TileId, byte[]> tiles(long treeId, Collection<Tiles.TileId> tiles) {
        Map<Tiles.TileId, byte[]> out = new HashMap<>();
        if (tiles.isEmpty()) {
            return out;
        }
        Short[] levels = new Short[tiles.size()];
        Long[] indexes = new Long[tiles.size()];
        int i = 0;
        for (Tiles.TileId t : tiles) {
            levels[i] = (short) t.level();
            indexes[i++] = t.index();
        }
        jdbc.execute((ConnectionCallback<Void>) c -> {
            Array levelArray = c.createArrayOf("int2", levels);
            Array indexArray = c.createArrayOf("int8", indexes);
            try (var ps = planEachTime(c, SELECT_TILES)) {
                ps.setArray(1, levelArray);
                ps.setArray(2, indexArray);
                ps.setLong(3, treeId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(new Tiles.TileId(rs.getShort(1), rs.getLong(2)), rs.getBytes(3));
                    }
                }
            }
            return null;
        });
        return out;
    }

    @Override
    public List<EntryRef> search(String key, int limit) {
        return jdbc.query(SELECT_BY_KEY, (rs, n) -> new EntryRef(rs.getLong(1), rs.getLong(2)), key, limit);
    }

    @Override
    public <T> T sequence(long treeId, SequencingWork<T> work) {
        return tx.execute(status -> work.run(new JdbcSequencingTransaction(jdbc, treeId)));
    }

    /** An unnamed statement: planned for its parameters at every execution, never cached with a generic plan. */
    static PreparedStatement planEachTime(Connection c, String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        ps.unwrap(PGStatement.class).setPrepareThreshold(0);
        return ps;
    }

    private static TreeState mapState(ResultSet rs, int n) throws SQLException {
        byte[] packed = rs.getBytes(4);
        List<Hash> range = new ArrayList<>(packed.length / Hash.SIZE);
        for (int i = 0; i < packed.length; i += Hash.SIZE) {
            range.add(Hash.of(Arrays.copyOfRange(packed, i, i + Hash.SIZE)));
        }
        return new TreeState(rs.getLong(1), rs.getLong(2), Hash.of(rs.getBytes(3)), range,
                rs.getTimestamp(5).getTime());
    }

    static byte[] pack(List<Hash> hashes) {
        byte[] out = new byte[hashes.size() * Hash.SIZE];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i).toByteArray(), 0, out, i * Hash.SIZE, Hash.SIZE);
        }
        return out;
    }
}
