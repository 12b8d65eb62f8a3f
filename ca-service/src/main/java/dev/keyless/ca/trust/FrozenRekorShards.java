package dev.keyless.ca.trust;

import dev.keyless.ca.trust.TrustRoot.Log;
import dev.keyless.ca.trust.TrustRoot.Validity;
import dev.keyless.ca.wire.Json;
import dev.keyless.common.crypto.PublicKeys;
import java.io.IOException;
import java.net.URI;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The keys of tlog-service's frozen Rekor shards, read from what it publishes. A Rekor key rotation freezes the
 * active shard, which keeps signing with its own key; clients need that key, with the time it was in use, to
 * verify the shard's entries. {@code /api/v1/log} lists the frozen shards oldest first with their sizes,
 * {@code /api/v1/log/publicKey?treeID=} gives each one's key, and the first entry of each shard (its genesis entry,
 * at the global index after the earlier shards) tells when it began.
 */
final class FrozenRekorShards {
    /** Most frozen shards read; more is refused rather than fetched without bound. */
    static final int MAX_SHARDS = 32;
    private static final JsonMapper JSON = Json.MAPPER;

    /** One GET of tlog-service, answering the body of a 200. */
    @FunctionalInterface
    interface Fetch {
        String get(String pathAndQuery) throws IOException;
    }

    /**
     * @param retired a log entry per earlier key, valid from its first shard's start to the start of the shard after
     *        its last one (consecutive shards with one key are one entry)
     * @param currentKeySince when the current key was first used, if a frozen shard used it too; else null
     */
    record Keys(List<Log> retired, Instant currentKeySince) {
    }

    private FrozenRekorShards() {
    }

    /** @param since the start of the first shard (and of the log) */
    static Keys read(Fetch fetch, URI baseUrl, PublicKey current, Instant since) throws IOException {
        JsonNode shards = JSON.readTree(fetch.get("/api/v1/log")).path("inactiveShards");
        if (shards.isMissingNode() || shards.isNull() || shards.isEmpty()) {
            return new Keys(List.of(), null);
        }
        if (!shards.isArray() || shards.size() > MAX_SHARDS) {
            throw new IOException("/api/v1/log lists inactiveShards that are not an array of at most " + MAX_SHARDS);
        }
        List<Log> retired = new ArrayList<>();
        Instant currentSince = null;
        Instant start = since;
        long offset = 0;
        for (JsonNode shard : shards) {
            String treeId = shard.path("treeID").asString("");
            long size = shard.path("treeSize").asLong(-1);
            if (!treeId.matches("[0-9]{1,19}") || size < 0) {
                throw new IOException("/api/v1/log lists a shard without a decimal treeID and a treeSize");
            }
            if (size == 0) {
                continue; // frozen before its genesis entry: nothing was signed with its key
            }
            PublicKey key = PublicKeys.parsePem(fetch.get("/api/v1/log/publicKey?treeID=" + treeId));
            offset += size;
            Instant end = integratedTime(fetch, offset);
            if (!end.isAfter(start)) {
                end = start.plusSeconds(1);
            }
            if (key.equals(current)) {
                currentSince = currentSince == null ? start : currentSince;
            } else if (!retired.isEmpty() && retired.getLast().key().equals(key)) {
                Log last = retired.removeLast();
                retired.add(new Log(baseUrl, key, new Validity(last.validFor().start(), end)));
            } else {
                retired.add(new Log(baseUrl, key, new Validity(start, end)));
            }
            start = end;
        }
        return new Keys(List.copyOf(retired), currentSince);
    }

    /** The {@code integratedTime} of the entry at a global log index. */
    static Instant integratedTime(Fetch fetch, long logIndex) throws IOException {
        JsonNode entries = JSON.readTree(fetch.get("/api/v1/log/entries?logIndex=" + logIndex));
        JsonNode entry = entries.isObject() && entries.size() == 1 ? entries.values().iterator().next() : null;
        if (entry == null || !entry.path("integratedTime").canConvertToLong()) {
            throw new IOException("the entry at log index " + logIndex + " has no integratedTime");
        }
        return Instant.ofEpochSecond(entry.path("integratedTime").asLong());
    }
}
