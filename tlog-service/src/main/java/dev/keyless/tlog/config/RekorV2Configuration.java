package dev.keyless.tlog.config;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.tlog.engine.EntryCache;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.TileReader;
import dev.keyless.tlog.engine.TreeLog;
import dev.keyless.tlog.rekor.EntryTypesV2;
import dev.keyless.tlog.rekor.Genesis;
import dev.keyless.tlog.rekor.RekorApiException;
import dev.keyless.tlog.rekor.RekorV2Log;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The Rekor v2 log, when {@code keyless.tlog.rekor-v2.enabled} (the default): its key, tree, sequencer and signer. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "keyless.tlog.rekor-v2.enabled", havingValue = "true", matchIfMissing = true)
public class RekorV2Configuration {
    private static final Logger log = LoggerFactory.getLogger(RekorV2Configuration.class);

    @Bean
    EntryTypesV2 entryTypesV2(EcdsaBackend ecdsa) {
        return new EntryTypesV2(ecdsa);
    }

    @Bean
    RekorV2Log rekorV2Log(TlogProperties tlog, RekorV2Properties v2, LogStore store, TileReader tiles,
            EntryCache entries, Clock clock, MeterRegistry meters, EcdsaBackend ecdsa, EcdsaSigner rekorKey,
            EntryTypesV2 types) {
        // Not a bean: a second EcdsaSigner bean would make the v1 key's injection ambiguous. Generated when absent.
        EcdsaSigner key = loadKey(v2.key(), tlog, v2, ecdsa, rekorKey);
        LogTree tree = TlogConfiguration.ensureActiveTree(store, Personality.REKOR_V2, clock).stream()
                .filter(LogTree::active).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active Rekor v2 tree"));
        Sequencer sequencer = TlogConfiguration.sequencer(store, tree, clock, tlog, tiles, meters,
                "keyless.tlog.rekor-v2.sequencer");
        log.info("serving Rekor v2 tree {} as {}", tree.treeId(), tlog.hostname());
        RekorV2Log rekorV2 = new RekorV2Log(new TreeLog(tree, store, tiles, sequencer, tlog.readStateMaxAge(), entries),
                tlog.hostname(), key, tlog.sequencer().timeout());
        if (rekorV2.tree().state().size() == 0) {
            try {
                rekorV2.append(types.validate(Genesis.v2Request(key, tlog.hostname())));
                log.info("wrote the genesis entry of Rekor v2 tree {}", tree.treeId());
            } catch (RekorApiException e) {
                // Deterministic: a duplicate means a process starting beside this one wrote it.
                if (e.kind() != RekorApiException.Kind.DUPLICATE) {
                    throw e;
                }
            }
        }
        return rekorV2;
    }

    /**
     * Signs checkpoints with a new key when the v2 key file changes ({@code keyless.tlog.rotation.reload-interval}):
     * the tree goes on under the new key ({@link RekorV2Log#rotateKey}). {@code rotate rekor-v2} writes the file after
     * ca-service holds the old key's retired entry.
     */
    @Bean
    @ConditionalOnExpression("'${keyless.tlog.rotation.reload-interval:30s}' != '0' "
            + "and '${keyless.tlog.rotation.reload-interval:30s}' != '0s'")
    FileWatcher rekorV2KeyWatcher(RekorV2Log rekorV2, TlogProperties tlog, RekorV2Properties v2, EcdsaBackend ecdsa,
            EcdsaSigner rekorKey, @Value("${keyless.tlog.rotation.reload-interval:30s}") Duration interval) {
        return new FileWatcher("Rekor v2 log key", List.of(keyFile(tlog, v2)), interval,
                // The file as configured: a missing file is an error here, never a reason to generate a key.
                () -> rekorV2.rotateKey(loadKey(keyFile(tlog, v2), tlog, v2, ecdsa, rekorKey)));
    }

    private static Path keyFile(TlogProperties tlog, RekorV2Properties v2) {
        return v2.key() != null ? v2.key() : tlog.dataDir().resolve("rekor-v2-key.pem");
    }

    /**
     * The v2 key.
     *
     * @param file the key file; null: the default path, where a key is generated when absent
     * @param rekorKey the v1 key, which the v2 key must differ from
     */
    private static EcdsaSigner loadKey(Path file, TlogProperties tlog, RekorV2Properties v2, EcdsaBackend ecdsa,
            EcdsaSigner rekorKey) {
        EcdsaSigner key = LogKeys.load(file, v2.keyPassword(), keyFile(tlog, v2), "Rekor v2 log", ecdsa);
        if (key.algorithm() != SigningAlgorithm.ECDSA_P256_SHA256) {
            // sigstore-java checks checkpoint signatures as SHA256withECDSA whatever the curve.
            throw new IllegalStateException("the Rekor v2 key must be ECDSA P-256, is " + key.algorithm());
        }
        if (KeyIds.logId(key.publicKey()).equals(KeyIds.logId(rekorKey.publicKey()))) {
            throw new IllegalStateException("the Rekor v2 key must differ from the Rekor v1 key (keyless.tlog.rekor-key):"
                    + " clients tell the logs apart by the hash of their key");
        }
        return key;
    }
}
