-- Rekor entries keep the SET signed when they were sequenced, so a read serves it instead of signing again.
-- Entries stored before this change keep NULL and are signed on each read (same bytes: the nonces are
-- deterministic). No data changes.

COMMENT ON COLUMN entry.extra_data IS 'Stored beside the leaf, not covered by the leaf hash. CT trees: the submitted chain, served by get-entries. Rekor trees: the entry''s signed entry timestamp (DER ECDSA signature by the tree''s key over its canonical {body, integratedTime, logID, logIndex}), or NULL for entries stored before SETs were kept.';
