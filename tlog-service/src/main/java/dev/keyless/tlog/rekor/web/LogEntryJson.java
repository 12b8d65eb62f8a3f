package dev.keyless.tlog.rekor.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.keyless.tlog.rekor.LogEntryView;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Rekor's {@code LogEntry} wire shape: a map from the entry ID to this value. */
@JsonPropertyOrder({"body", "integratedTime", "logID", "logIndex", "verification"})
public record LogEntryJson(
        String body,
        long integratedTime,
        @JsonProperty("logID") String logId,
        long logIndex,
        Verification verification) {

    @JsonPropertyOrder({"inclusionProof", "signedEntryTimestamp"})
    public record Verification(InclusionProof inclusionProof, String signedEntryTimestamp) {
    }

    @JsonPropertyOrder({"checkpoint", "hashes", "logIndex", "rootHash", "treeSize"})
    public record InclusionProof(String checkpoint, List<String> hashes, long logIndex, String rootHash, long treeSize) {
    }

    public static Map<String, LogEntryJson> of(LogEntryView v) {
        Map<String, LogEntryJson> m = new LinkedHashMap<>();
        m.put(v.uuid(), new LogEntryJson(v.body(), v.integratedTime(), v.logId(), v.logIndex(),
                new Verification(new InclusionProof(v.checkpoint(), v.hashes(), v.proofLogIndex(), v.rootHash(), v.treeSize()),
                        v.signedEntryTimestamp())));
        return m;
    }
}
