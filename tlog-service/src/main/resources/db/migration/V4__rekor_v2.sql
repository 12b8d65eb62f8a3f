-- A Rekor v2 log (one write endpoint, entries of kinds hashedrekord and dsse 0.0.2, checkpoints under the bare host
-- name, read as C2SP tlog-tiles) is a tree of its own on the same engine.
ALTER TABLE log_tree DROP CONSTRAINT log_tree_personality_check;
ALTER TABLE log_tree ADD CONSTRAINT log_tree_personality_check CHECK (personality IN ('rekor', 'ct', 'rekor_v2'));
COMMENT ON COLUMN log_tree.personality IS 'Which API serves the tree: rekor (Rekor v1 REST), ct (RFC 6962 CT log) or rekor_v2 (Rekor v2 and tlog-tiles).';
