-- Search keys added after entries were logged (the key and certificate fingerprints of Rekor v1 entries, the
-- identities of CT entries) are written for the older entries by a background pass at start. This table records,
-- per tree, which entries the pass covers and how far it has come, so a restart goes on where it stopped and a
-- finished tree is never read again. No data changes here.
CREATE TABLE index_backfill (
    tree_id         BIGINT  NOT NULL REFERENCES log_tree (tree_id),
    key_version     INTEGER NOT NULL CHECK (key_version > 0),
    next_leaf_index BIGINT  NOT NULL CHECK (next_leaf_index >= 0),
    end_leaf_index  BIGINT  NOT NULL CHECK (end_leaf_index >= 0),
    PRIMARY KEY (tree_id, key_version),
    CHECK (next_leaf_index <= end_leaf_index)
);
COMMENT ON TABLE index_backfill IS 'Progress of the pass that writes search keys for entries logged before those keys existed: one row per tree and key version, advanced by compare-and-swap.';
COMMENT ON COLUMN index_backfill.key_version IS 'Which set of keys the pass writes: 1 = spki-sha256:/x509-sha256: (Rekor) and ct-san: (CT). A later set is a new version, run from index 0.';
COMMENT ON COLUMN index_backfill.next_leaf_index IS 'Every entry below this index has its keys of this version; only ever increases.';
COMMENT ON COLUMN index_backfill.end_leaf_index IS 'The tree size when the first pass began: entries from there on were logged with these keys. The pass is done when next_leaf_index reaches it.';
