package dev.keyless.tlog.config;

import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.LogStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;

/**
 * Settles the Rekor trees (shards) a starting process serves: the active tree must be signed by the configured key.
 * The first start creates it; trees from before keys were recorded, frozen ones included, adopt the configured key
 * (one key signed every tree until then); when the configured key differs from the active tree's, that tree is frozen and a new active one
 * started under the new key, as Rekor rotates a log key by starting a new shard. Safe when several processes start
 * at once: each step is one conditional write, and a process that loses a race reads the trees again.
 */
final class RekorTrees {
    private static final Logger log = LoggerFactory.getLogger(RekorTrees.class);
    private static final int ATTEMPTS = 4;

    private RekorTrees() {
    }

    /** @return the Rekor trees, oldest first, the last one active and signed by {@code currentKey} */
    static List<LogTree> settle(LogStore store, Clock clock, Hash currentKey) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            List<LogTree> trees = store.trees(Personality.REKOR);
            Optional<LogTree> active = trees.stream().filter(LogTree::active).findFirst();
            if (active.isEmpty()) {
                try {
                    store.createTree(newTree(trees, currentKey), clock.millis());
                } catch (DataIntegrityViolationException | IllegalStateException e) {
                    log.info("another process created the Rekor tree first");
                }
                continue;
            }
            List<LogTree> unrecorded = trees.stream().filter(t -> t.keyId() == null).toList();
            if (!unrecorded.isEmpty()) {
                unrecorded.forEach(t -> store.adoptKey(t.treeId(), currentKey));
                continue;
            }
            LogTree a = active.get();
            if (a.keyId().equals(currentKey)) {
                return trees;
            }
            LogTree next = newTree(trees, currentKey);
            if (store.rotate(a.treeId(), next, clock.millis())) {
                log.warn("the Rekor key changed: tree {} (key {}) is frozen, tree {} (key {}) takes new entries",
                        a.treeId(), a.keyId().toHex(), next.treeId(), currentKey.toHex());
            }
        }
        throw new IllegalStateException("the active Rekor tree kept changing while starting: are processes with "
                + "different keyless.tlog.rekor-key starting at once?");
    }

    private static LogTree newTree(List<LogTree> trees, Hash key) {
        long id = new SecureRandom().nextLong() & Long.MAX_VALUE;
        int ordinal = trees.stream().mapToInt(LogTree::shardOrdinal).max().orElse(-1) + 1;
        return new LogTree(id == 0 ? 1 : id, Personality.REKOR, true, ordinal, key);
    }
}
