package dev.keyless.tlog.rekor;

import java.util.List;

/** {@code GET /api/v1/log}: the active shard's head, and each inactive shard's. */
public record LogInfoView(String rootHash, long treeSize, String signedTreeHead, String treeId, List<LogInfoView> inactiveShards) {
}
