package dev.keyless.tlog.config;

import dev.keyless.common.crypto.Certificates;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.SigningAlgorithm;
import dev.keyless.tlog.ct.ChainValidator;
import dev.keyless.tlog.ct.CtLog;
import dev.keyless.tlog.ct.CtProperties;
import dev.keyless.tlog.engine.EntryCache;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.TileReader;
import dev.keyless.tlog.engine.TreeLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the RFC 6962 CT log: its key ({@code keyless.tlog.ct.key}, else a generated {@code ct-key.pem} under the
 * data directory; either way its public key is written to {@code ct-key.pub.pem} there), its accepted roots, and
 * its own tree ({@link Personality#CT}) with its own sequencer on the shared engine. A CT log is never sharded in
 * place (a new shard is a new log with a new key), so only the active tree is served; it has no genesis entry.
 */
@Configuration(proxyBeanMethods = false)
public class CtConfiguration {
    private static final Logger log = LoggerFactory.getLogger(CtConfiguration.class);

    /** Not a bean: a second {@link EcdsaSigner} bean would make the Rekor key's injection ambiguous. */
    static EcdsaSigner loadKey(TlogProperties tlog, CtProperties ct, EcdsaBackend ecdsa) {
        EcdsaSigner key = LogKeys.load(ct.key(), ct.keyPassword(), tlog.dataDir().resolve("ct-key.pem"), "CT log", ecdsa);
        if (key.algorithm() != SigningAlgorithm.ECDSA_P256_SHA256) {
            // SCTs and STHs declare sha256 + ecdsa; RFC 6962 §2.1.4 names NIST P-256.
            throw new IllegalStateException("the CT log key must be ECDSA P-256, is " + key.algorithm());
        }
        LogKeys.writePublicKey(tlog.dataDir().resolve("ct-key.pub.pem"), key.publicKey(), "CT log");
        return key;
    }

    @Bean
    ChainValidator ctChainValidator(CtProperties ct, EcdsaBackend ecdsa) {
        List<X509Certificate> roots = readRoots(ct);
        if (roots.isEmpty()) {
            log.warn("keyless.tlog.ct.roots is empty: the CT log refuses every submission");
        }
        return new ChainValidator(roots, ct.maxChain(), ecdsa);
    }

    private static List<X509Certificate> readRoots(CtProperties ct) {
        List<X509Certificate> roots = new ArrayList<>();
        for (Path file : ct.roots()) {
            try {
                roots.addAll(Certificates.parsePemChain(Files.readString(file, StandardCharsets.US_ASCII), 100));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the CT root file " + file, e);
            }
        }
        return roots;
    }

    /**
     * Accepts new CT roots when the root files change ({@code keyless.tlog.rotation.reload-interval}): a CA rotated to
     * a new root has it added here first ({@code rotate ca --new-root}), then switches.
     */
    @Bean
    @ConditionalOnExpression("'${keyless.tlog.rotation.reload-interval:30s}' != '0' "
            + "and '${keyless.tlog.rotation.reload-interval:30s}' != '0s'")
    FileWatcher ctRootsWatcher(ChainValidator ctChainValidator, CtProperties ct,
            @Value("${keyless.tlog.rotation.reload-interval:30s}") Duration interval) {
        return new FileWatcher("CT roots", ct.roots(), interval, () -> ctChainValidator.replaceRoots(readRoots(ct)));
    }

    @Bean
    CtLog ctLog(TlogProperties tlog, CtProperties ct, LogStore store, TileReader tiles, EntryCache entries, Clock clock,
            ChainValidator ctChainValidator, MeterRegistry meters, EcdsaBackend ecdsa) {
        EcdsaSigner ctKey = loadKey(tlog, ct, ecdsa);
        LogTree tree = TlogConfiguration.ensureActiveTree(store, Personality.CT, clock).stream()
                .filter(LogTree::active).findFirst()
                .orElseThrow(() -> new IllegalStateException("no active CT tree"));
        Sequencer sequencer = TlogConfiguration.sequencer(store, tree, clock, tlog, tiles, meters, "keyless.tlog.ct.sequencer");
        log.info("serving CT tree {}", tree.treeId());
        return new CtLog(new TreeLog(tree, store, tiles, sequencer, tlog.readStateMaxAge(), entries), ctChainValidator, ctKey, clock,
                tlog.sequencer().timeout());
    }

    /**
     * Signs with a new CT key when its file changes ({@code keyless.tlog.rotation.reload-interval}), and writes its
     * public key to {@code ct-key.pub.pem} as a start would. The tree goes on under the new key.
     */
    @Bean
    @ConditionalOnExpression("'${keyless.tlog.rotation.reload-interval:30s}' != '0' "
            + "and '${keyless.tlog.rotation.reload-interval:30s}' != '0s'")
    FileWatcher ctKeyWatcher(CtLog ctLog, TlogProperties tlog, CtProperties ct, EcdsaBackend ecdsa,
            @Value("${keyless.tlog.rotation.reload-interval:30s}") Duration interval) {
        Path file = ct.key() != null ? ct.key() : tlog.dataDir().resolve("ct-key.pem");
        return new FileWatcher("CT log key", List.of(file), interval, () -> {
            EcdsaSigner key = LogKeys.load(file, ct.keyPassword(), file, "CT log", ecdsa);
            if (key.algorithm() != SigningAlgorithm.ECDSA_P256_SHA256) {
                throw new IllegalStateException("the CT log key must be ECDSA P-256, is " + key.algorithm());
            }
            boolean switched = ctLog.rotateKey(key);
            LogKeys.writePublicKey(tlog.dataDir().resolve("ct-key.pub.pem"), key.publicKey(), "CT log");
            return switched;
        });
    }
}
