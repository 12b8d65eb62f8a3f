package dev.keyless.tlog.rekor;

import java.util.List;

/**
 * One Rekor {@code LogEntry} value (rekor.md §1.2): everything a client needs to verify the entry offline.
 *
 * @param uuid the 80-hex entry ID (tree ID and leaf hash), the response's only key
 * @param body base64 of the canonical body
 * @param integratedTime Unix seconds
 * @param logIndex global index across shards
 * @param proofLogIndex shard-local index in the inclusion proof
 */
public record LogEntryView(String uuid, String body, long integratedTime, String logId, long logIndex,
        String signedEntryTimestamp, long proofLogIndex, long treeSize, String rootHash, List<String> hashes,
        String checkpoint) {
}
