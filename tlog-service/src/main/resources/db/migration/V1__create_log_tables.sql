-- Log storage for tlog-service: every log (each Rekor shard, the CT log) is a tree with its own entries,
-- tiles and single-row tree state. Rows in entry and full tiles are immutable once written; the rightmost
-- tile of each level only grows; tree_state is the one row a writer locks.

CREATE TABLE log_tree (
    tree_id       BIGINT      PRIMARY KEY CHECK (tree_id > 0),
    personality   TEXT        NOT NULL CHECK (personality IN ('rekor', 'ct')),
    state         TEXT        NOT NULL CHECK (state IN ('active', 'inactive')),
    shard_ordinal INTEGER     NOT NULL CHECK (shard_ordinal >= 0),
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (personality, shard_ordinal)
);
COMMENT ON TABLE log_tree IS 'One Merkle tree: a Rekor shard or the CT log. Global Rekor indexes count the sizes of earlier shards first.';
COMMENT ON COLUMN log_tree.tree_id IS 'Random positive id; in Rekor entry IDs (16 hex digits) and checkpoint origins (decimal).';
COMMENT ON COLUMN log_tree.personality IS 'Which API serves the tree: rekor (Rekor v1 REST) or ct (RFC 6962 CT log).';
COMMENT ON COLUMN log_tree.state IS 'active: accepts entries; inactive: frozen shard, still readable.';
COMMENT ON COLUMN log_tree.shard_ordinal IS 'Position among the personality''s shards, oldest first.';
COMMENT ON COLUMN log_tree.created_at IS 'When the tree was created.';
CREATE UNIQUE INDEX log_tree_one_active ON log_tree (personality) WHERE state = 'active';

CREATE TABLE tree_state (
    tree_id        BIGINT      PRIMARY KEY REFERENCES log_tree (tree_id),
    tree_size      BIGINT      NOT NULL CHECK (tree_size >= 0),
    root_hash      BYTEA       NOT NULL CHECK (length(root_hash) = 32),
    compact_range  BYTEA       NOT NULL CHECK (length(compact_range) = 32 * bit_count(tree_size::bit(64))),
    integrated_at  TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE tree_state IS 'The integrated tree: the single row the sequencer locks (SELECT ... FOR UPDATE) and replaces by compare-and-swap on tree_size.';
COMMENT ON COLUMN tree_state.tree_size IS 'Number of leaves integrated; every leaf below it has an entry row and its tile hashes.';
COMMENT ON COLUMN tree_state.root_hash IS 'RFC 6962 root of the first tree_size leaves.';
COMMENT ON COLUMN tree_state.compact_range IS 'Roots of the perfect subtrees covering [0, tree_size), largest first, concatenated: enough to extend the tree without reading it.';
COMMENT ON COLUMN tree_state.integrated_at IS 'When the last batch was integrated.';

CREATE TABLE entry (
    tree_id            BIGINT NOT NULL REFERENCES log_tree (tree_id),
    leaf_index         BIGINT NOT NULL CHECK (leaf_index >= 0),
    leaf_hash          BYTEA  NOT NULL CHECK (length(leaf_hash) = 32),
    leaf_input         BYTEA  NOT NULL CHECK (length(leaf_input) BETWEEN 1 AND 16777216),
    extra_data         BYTEA  CHECK (length(extra_data) <= 16777216),
    integrated_time_ms BIGINT NOT NULL CHECK (integrated_time_ms >= 0),
    PRIMARY KEY (tree_id, leaf_index),
    UNIQUE (tree_id, leaf_hash)
);
COMMENT ON TABLE entry IS 'Sequenced leaves, immutable. The unique leaf hash makes duplicate submissions detectable inside the sequencing transaction.';
COMMENT ON COLUMN entry.leaf_index IS 'Index in this tree (shard-local), assigned by the sequencer; no gaps.';
COMMENT ON COLUMN entry.leaf_hash IS 'SHA-256(0x00 || leaf_input): the RFC 6962 leaf hash; the Rekor UUID.';
COMMENT ON COLUMN entry.leaf_input IS 'Exact bytes hashed into the tree: the RFC 8785 canonical body (Rekor) or the MerkleTreeLeaf (CT).';
COMMENT ON COLUMN entry.extra_data IS 'CT only: the submitted chain, served by get-entries; not covered by the leaf hash.';
COMMENT ON COLUMN entry.integrated_time_ms IS 'Sequencing time in Unix milliseconds (Rekor reports seconds).';

CREATE TABLE tile (
    tree_id    BIGINT   NOT NULL REFERENCES log_tree (tree_id),
    tile_level SMALLINT NOT NULL CHECK (tile_level BETWEEN 0 AND 7),
    tile_index BIGINT   NOT NULL CHECK (tile_index >= 0),
    hashes     BYTEA    NOT NULL CHECK (length(hashes) BETWEEN 32 AND 8192 AND length(hashes) % 32 = 0),
    PRIMARY KEY (tree_id, tile_level, tile_index)
);
COMMENT ON TABLE tile IS 'Merkle tree hashes in tlog-tiles layout: tile (L, N) holds the hashes of nodes at level 8L with indexes 256N..256N+255; other nodes are recomputed from it.';
COMMENT ON COLUMN tile.hashes IS 'Concatenated 32-byte hashes, left to right. Only ever appended to (width = length / 32); full at 256 hashes and then immutable.';

CREATE TABLE search_index (
    index_key  TEXT   NOT NULL CHECK (length(index_key) BETWEEN 1 AND 1024),
    tree_id    BIGINT NOT NULL,
    leaf_index BIGINT NOT NULL,
    PRIMARY KEY (index_key, tree_id, leaf_index),
    FOREIGN KEY (tree_id, leaf_index) REFERENCES entry (tree_id, leaf_index)
);
COMMENT ON TABLE search_index IS 'Rekor search keys, written in the sequencing transaction (so complete, unlike Rekor''s best-effort index).';
COMMENT ON COLUMN search_index.index_key IS 'Lowercase key: sha256:<artifact digest>, hex SHA-256 of the canonical public key PEM, an email or a certificate subject URI.';
