package dev.keyless.admin.monitor;

import dev.keyless.common.merkle.CompactRange;
import dev.keyless.common.merkle.Rfc6962;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows a Rekor log (the v1 log's active shard, or a v2 log's tiles: {@link FollowedLog}) from the last checkpoint
 * it verified ({@link MonitorState}): each new checkpoint's signature is verified against the log key given (never one the log serves), every new entry is fetched
 * and its leaf hash appended to the tree kept since the last checkpoint, and the result must be the new checkpoint's
 * root: that proves each entry included and the new tree consistent with the old one. Otherwise an alert, one JSON line
 * carrying both signed checkpoints as evidence:
 * <ul>
 * <li>{@code rollback}: a checkpoint of a smaller tree than one verified before;</li>
 * <li>{@code fork}: the same size with another root, or entries that do not add up to the signed root.</li>
 * </ul>
 * After an alert the state is kept as it was: the monitor keeps reporting until someone looks.
 */
final class RekorMonitor {
    /** What one poll found. */
    record Poll(long verifiedSize, long newEntries, String alert) {
    }

    private final FollowedLog log;
    private final List<PublicKey> logKeys;
    private final Path stateFile;
    private final IdentityRules rules;
    private final Alerts alerts;
    private final PrintStream progress;
    private final boolean terminal;

    /**
     * @param logKeys the log keys to accept checkpoints under (never a key the log serves)
     * @param rules who to raise an {@code identity} alert for when they sign
     * @param progress where catch-up progress goes (stderr in the command)
     * @param terminal whether {@code progress} is a terminal (a bar redrawn in place) or a file (lines)
     */
    RekorMonitor(FollowedLog log, List<PublicKey> logKeys, Path stateFile, IdentityRules rules,
            Alerts alerts, PrintStream progress, boolean terminal) {
        this.log = log;
        this.logKeys = List.copyOf(logKeys);
        this.stateFile = stateFile;
        this.rules = rules;
        this.alerts = alerts;
        this.progress = progress;
        this.terminal = terminal;
    }

    Poll poll() throws IOException, InterruptedException {
        FollowedLog.Head head;
        try {
            head = log.head(logKeys);
        } catch (FollowedLog.BadSignature e) {
            return alert("bad-signature", null, e.evidence(), e.getMessage());
        }
        MonitorState state = MonitorState.read(stateFile);
        if (state != null && !state.treeId().equals(head.treeId())) {
            // A key rotation started a new shard: the frozen one stays as verified; the new one is followed from 0.
            alerts.emit("new-shard", fields(state, head.evidence(), "the log now appends to tree " + head.treeId()));
            state = null;
        }
        CompactRange range = state == null ? CompactRange.empty() : CompactRange.of(state.size(), state.border());
        if (state != null && head.size() < state.size()) {
            return alert("rollback", state, head.evidence(), "a signed tree of " + head.size() + " entries after one of "
                    + state.size());
        }
        if (state != null && head.size() == state.size() && !head.root().equals(state.root())) {
            return alert("fork", state, head.evidence(), "two roots for " + head.size() + " entries");
        }
        long start = range.size();
        List<Map<String, Object>> matches = new ArrayList<>();
        Progress bar = new Progress(progress, terminal, System::nanoTime, start, head.size());
        log.leaves(head, start, head.size(), (index, leaf) -> {
            range.append(Rfc6962.hashLeaf(leaf));
            for (EntryIdentity id : log.identities(leaf)) {
                for (IdentityRules.Rule rule : rules.rules()) {
                    if (rule.matches(id)) {
                        matches.add(identity(rule, index, id));
                    }
                }
            }
            bar.update(range.size());
        });
        bar.finish(range.size());
        if (!range.root().equals(head.root())) {
            return alert("fork", state, head.evidence(), "entries " + start + ".." + (head.size() - 1)
                    + " do not add up to the signed root");
        }
        new MonitorState(head.treeId(), head.size(), head.root(), head.evidence(), range.hashes()).write(stateFile);
        // Raised once the entries are proven in the signed tree, never for what a forked log showed.
        matches.forEach(m -> alerts.emit("identity", m));
        return new Poll(head.size(), head.size() - start, null);
    }

    private Poll alert(String kind, MonitorState state, String evidence, String why) {
        alerts.emit(kind, fields(state, evidence, why));
        return new Poll(state == null ? 0 : state.size(), 0, kind);
    }

    /** Why, and both checkpoints as evidence: the one verified before, and the new one. */
    private Map<String, Object> fields(MonitorState state, String evidence, String why) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log", log.url().toString());
        m.put("reason", why);
        m.put("verifiedCheckpoint", state == null ? null : state.checkpoint());
        m.put("newCheckpoint", evidence);
        return m;
    }

    private Map<String, Object> identity(IdentityRules.Rule rule, long logIndex, EntryIdentity id) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("log", log.url().toString());
        m.put("rule", rule.name());
        m.put("logIndex", logIndex);
        m.put("san", id.sans());
        m.put("issuer", id.issuer());
        m.put("repository", id.repository());
        m.put("workflow", id.workflow());
        m.put("ref", id.ref());
        m.put("certificateSha256", id.certificateSha256());
        m.put("publicKeySha256", id.publicKeySha256());
        return m;
    }
}
