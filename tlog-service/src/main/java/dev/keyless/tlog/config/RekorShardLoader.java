package dev.keyless.tlog.config;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.encoding.Hash;
import dev.keyless.common.note.NoteSigners;
import dev.keyless.tlog.engine.CheckpointSigner;
import dev.keyless.tlog.engine.EntryCache;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.TileReader;
import dev.keyless.tlog.engine.TreeLog;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.Genesis;
import dev.keyless.tlog.rekor.RekorApiException;
import dev.keyless.tlog.rekor.RekorLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Rekor shards a process serves under a given current key, at start and after a rotation without restart
 * ({@link FileWatcher}): the trees settled for that key ({@link RekorTrees}: a new key freezes the active tree and
 * starts a new one), each with the key it was started with. Keys of frozen trees come from
 * {@code keyless.tlog.retired-rekor-keys} and from the PEM files in {@code <data-dir>/retired-rekor-keys/}, where
 * the rotation command puts the key it replaces.
 */
final class RekorShardLoader {
    private static final Logger log = LoggerFactory.getLogger(RekorShardLoader.class);
    static final String RETIRED_DIR = "retired-rekor-keys";

    private final TlogProperties props;
    private final LogStore store;
    private final TileReader tiles;
    private final EntryCache entries;
    private final Clock clock;
    private final EntryTypes types;
    private final MeterRegistry meters;
    private final EcdsaBackend ecdsa;

    RekorShardLoader(TlogProperties props, LogStore store, TileReader tiles, EntryCache entries, Clock clock,
            EntryTypes types, MeterRegistry meters, EcdsaBackend ecdsa) {
        this.props = props;
        this.store = store;
        this.tiles = tiles;
        this.entries = entries;
        this.clock = clock;
        this.types = types;
        this.meters = meters;
        this.ecdsa = ecdsa;
    }

    MeterRegistry meters() {
        return meters;
    }

    /** Where the key file of the current Rekor key is. */
    Path keyFile() {
        return props.rekorKey() != null ? props.rekorKey() : props.dataDir().resolve("rekor-key.pem");
    }

    /** The current key, then every retired one, by log ID. */
    Map<Hash, EcdsaSigner> keys(EcdsaSigner current) {
        Map<Hash, EcdsaSigner> keys = new LinkedHashMap<>();
        keys.put(KeyIds.logId(current.publicKey()), current);
        for (TlogProperties.RetiredKey r : props.retiredRekorKeys()) {
            EcdsaSigner retired = LogKeys.load(r.key(), r.password(), r.key(), "retired Rekor log", ecdsa);
            keys.putIfAbsent(KeyIds.logId(retired.publicKey()), retired);
        }
        Path dir = props.dataDir().resolve(RETIRED_DIR);
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.pem")) {
                for (Path f : files) {
                    EcdsaSigner retired = LogKeys.load(f, props.rekorKeyPassword(), f, "retired Rekor log", ecdsa);
                    keys.putIfAbsent(KeyIds.logId(retired.publicKey()), retired);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + dir, e);
            }
        }
        return keys;
    }

    /**
     * Settles the trees for {@code current} and builds a shard for each, oldest first: the active one with a
     * sequencer. Refused before anything changes when a tree's key is missing.
     */
    List<RekorLog.Shard> load(EcdsaSigner current) {
        Map<Hash, EcdsaSigner> keys = keys(current);
        // Checked before anything changes: a process that could not sign an existing tree must not rotate.
        requireKeys(store.trees(Personality.REKOR), keys);
        List<LogTree> trees = RekorTrees.settle(store, clock, KeyIds.logId(current.publicKey()));
        requireKeys(trees, keys);
        List<RekorLog.Shard> shards = new ArrayList<>();
        long offset = 0;
        for (LogTree t : trees) {
            // settle recorded every tree's key (adopting the configured one for older trees); requireKeys found it.
            EcdsaSigner key = Objects.requireNonNull(keys.get(t.keyId()), "no key for Rekor tree " + t.treeId());
            Sequencer seq = t.active()
                    ? TlogConfiguration.sequencer(store, t, clock, props, tiles, meters, "keyless.tlog.sequencer") : null;
            TreeLog treeLog = new TreeLog(t, store, tiles, seq, props.readStateMaxAge(), entries);
            String origin = props.hostname() + " - " + t.treeId();
            shards.add(new RekorLog.Shard(treeLog, new CheckpointSigner(origin, NoteSigners.ecdsa(props.hostname(), key)),
                    offset, key));
            if (!t.active()) {
                offset += treeLog.state().size();
            }
        }
        return shards;
    }

    /**
     * After the key file changed: freezes the active shard and serves a new one under {@code key}, as a start with it
     * would (another process sharing the file may have frozen it first: then its new shard is the one served).
     *
     * @return false when {@code key} already signs the active shard
     */
    boolean switchTo(RekorLog rekor, EcdsaSigner key) {
        if (rekor.active().logId().equals(KeyIds.logId(key.publicKey()).toHex())) {
            return false;
        }
        List<RekorLog.Shard> before = rekor.replaceShards(load(key));
        // Stops the old active shard's sequencer: its tree is frozen, nothing more lands there.
        before.forEach(s -> s.log().close());
        genesis(rekor, key);
        log.info("Rekor tree {} now takes new entries under the key with log ID {}", rekor.active().log().treeId(),
                rekor.active().logId());
        return true;
    }

    /** Writes the genesis entry of the active shard if it is empty (deterministic: a concurrent writer's is the same). */
    void genesis(RekorLog rekor, EcdsaSigner current) {
        RekorLog.Shard active = rekor.active();
        if (active.log().state().size() != 0) {
            return;
        }
        try {
            rekor.append(types.validate(Genesis.proposedEntry(current, active.checkpoints().origin())));
            log.info("wrote the genesis entry of Rekor tree {}", active.log().treeId());
        } catch (RekorApiException e) {
            if (e.kind() != RekorApiException.Kind.DUPLICATE) {
                throw e;
            }
            log.info("another process wrote the genesis entry of Rekor tree {}", active.log().treeId());
        }
    }

    private static void requireKeys(List<LogTree> trees, Map<Hash, EcdsaSigner> keys) {
        for (LogTree t : trees) {
            if (t.keyId() != null && !keys.containsKey(t.keyId())) {
                throw new IllegalStateException("Rekor tree " + t.treeId() + " is signed by the key with log ID "
                        + t.keyId().toHex() + ": add its key file to keyless.tlog.retired-rekor-keys");
            }
        }
    }
}
