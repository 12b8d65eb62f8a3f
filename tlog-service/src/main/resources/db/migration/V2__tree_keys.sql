-- Each Rekor tree records the key that signs it, so a key rotation starts a new tree (shard) and the frozen one
-- keeps serving SETs and checkpoints under its own key, as Rekor shards do.

ALTER TABLE log_tree ADD COLUMN key_id BYTEA CHECK (key_id IS NULL OR length(key_id) = 32);
COMMENT ON COLUMN log_tree.key_id IS 'Rekor trees: log ID (SHA-256 of the DER public key) of the key that signs the tree''s SETs and checkpoints; set when the tree is created, or by the first start after this column was added. NULL for CT trees.';
