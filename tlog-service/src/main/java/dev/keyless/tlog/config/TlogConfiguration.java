package dev.keyless.tlog.config;

import dev.keyless.common.crypto.AlgorithmPolicy;
import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.tlog.engine.EntryCache;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.Sequencer;
import dev.keyless.tlog.engine.TileReader;
import dev.keyless.tlog.engine.jdbc.JdbcLogStore;
import dev.keyless.tlog.engine.jdbc.PoolReconnector;
import dev.keyless.tlog.rekor.EntryTypes;
import dev.keyless.tlog.rekor.RekorLog;
import dev.keyless.tlog.rekor.RekorSearch;
import dev.keyless.tlog.web.BodyLimitFilter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the log engine and the Rekor personality; creates the active tree (with its genesis entry) on first start. */
@Configuration(proxyBeanMethods = false)
public class TlogConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TlogConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LogStore logStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new JdbcLogStore(jdbc, tx);
    }

    /** Reconnects the pool as soon as the database returns from an outage (see PoolReconnector). */
    @Bean(destroyMethod = "close")
    PoolReconnector poolReconnector(DataSource dataSource) {
        return new PoolReconnector(dataSource, Duration.ofMillis(200));
    }

    @Bean
    TileReader tileReader(LogStore store) {
        return new TileReader(store, 8192);
    }

    /** Shared by the Rekor shards and the CT log. */
    @Bean
    EntryCache entryCache(TlogProperties props) {
        log.info("entry cache: up to {} MiB", props.entryCacheBytes() >> 20);
        return new EntryCache(props.entryCacheBytes());
    }

    /**
     * Where ECDSA runs ({@code keyless.crypto.ecdsa}: {@code auto}, {@code native} or {@code bouncycastle}; see
     * {@link EcdsaBackend}): every log key signs on it and every entry's signature is checked on it. Signatures and
     * verdicts are the same either way.
     */
    @Bean
    EcdsaBackend ecdsaBackend(@Value("${keyless.crypto.ecdsa:auto}") String mode) {
        EcdsaBackend backend = EcdsaBackend.configure(mode);
        log.info(backend.description());
        return backend;
    }

    @Bean
    EntryTypes entryTypes(EcdsaBackend ecdsa) {
        return new EntryTypes(AlgorithmPolicy.defaults(), ecdsa);
    }

    @Bean(destroyMethod = "")
    EcdsaSigner rekorKey(TlogProperties props, EcdsaBackend ecdsa) {
        return LogKeys.load(props.rekorKey(), props.rekorKeyPassword(), props.dataDir().resolve("rekor-key.pem"), "Rekor log",
                ecdsa);
    }

    @Bean
    RekorShardLoader rekorShardLoader(TlogProperties props, LogStore store, TileReader tiles, EntryCache entries,
            Clock clock, EntryTypes types, MeterRegistry meters, EcdsaBackend ecdsa) {
        return new RekorShardLoader(props, store, tiles, entries, clock, types, meters, ecdsa);
    }

    @Bean
    RekorShards rekorShards(TlogProperties props, RekorShardLoader loader, EcdsaSigner rekorKey) {
        RekorLog rekor = new RekorLog(loader.load(rekorKey), props.sequencer().timeout(), loader.meters());
        loader.genesis(rekor, rekorKey);
        return new RekorShards(rekor);
    }

    /**
     * Rotates the Rekor key when its file changes ({@code keyless.tlog.rotation.reload-interval}, default 30 s; 0:
     * only at a restart).
     */
    @Bean
    @ConditionalOnExpression("'${keyless.tlog.rotation.reload-interval:30s}' != '0' "
            + "and '${keyless.tlog.rotation.reload-interval:30s}' != '0s'")
    FileWatcher rekorKeyWatcher(RekorShardLoader loader, RekorShards shards, TlogProperties props,
            EcdsaBackend ecdsa, @Value("${keyless.tlog.rotation.reload-interval:30s}") Duration interval) {
        Path file = loader.keyFile();
        return new FileWatcher("Rekor log key", List.of(file), interval, () -> loader.switchTo(shards.rekor(),
                LogKeys.load(file, props.rekorKeyPassword(), file, "Rekor log", ecdsa)));
    }

    @Bean
    RekorLog rekorLog(RekorShards shards) {
        return shards.rekor();
    }

    @Bean
    RekorSearch rekorSearch(LogStore store) {
        return new RekorSearch(store);
    }

    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitFilter(TlogProperties props) {
        FilterRegistrationBean<BodyLimitFilter> reg = new FilterRegistrationBean<>(new BodyLimitFilter(props.maxRequestBytes()));
        reg.addUrlPatterns("/api/*", "/ct/*");
        return reg;
    }

    /** Holds the shards so their sequencers are closed on shutdown. */
    public record RekorShards(RekorLog rekor) implements AutoCloseable {
        @Override
        public void close() {
            rekor.shards().forEach(s -> s.log().close());
        }
    }

    /**
     * The group-commit sequencer of an active tree, feeding the tile cache and recording batch size and duration
     * under {@code metricPrefix}.
     */
    static Sequencer sequencer(LogStore store, LogTree tree, Clock clock, TlogProperties props, TileReader tiles,
            MeterRegistry meters, String metricPrefix) {
        Timer batchTimer = Timer.builder(metricPrefix + ".batch.duration")
                .description("time to sequence and commit one batch").tag("tree", Long.toString(tree.treeId())).register(meters);
        DistributionSummary batchSize = DistributionSummary.builder(metricPrefix + ".batch.size")
                .description("entries per sequenced batch").tag("tree", Long.toString(tree.treeId())).register(meters);
        return new Sequencer(store, tree.treeId(), clock, props.sequencer().maxBatch(), props.sequencer().maxPending(),
                props.sequencer().linger(), (n, nanos, appends) -> {
                    tiles.committed(tree.treeId(), appends);
                    batchSize.record(n);
                    batchTimer.record(nanos, TimeUnit.NANOSECONDS);
                });
    }

    /** The personality's trees; creates the first one if there is none. Safe when several processes start at once. */
    static List<LogTree> ensureActiveTree(LogStore store, Personality personality, Clock clock) {
        List<LogTree> trees = store.trees(personality);
        if (trees.stream().anyMatch(LogTree::active)) {
            return trees;
        }
        long treeId = new SecureRandom().nextLong() & Long.MAX_VALUE;
        LogTree tree = new LogTree(treeId == 0 ? 1 : treeId, personality, true, trees.size());
        try {
            store.createTree(tree, clock.millis());
            log.info("created {} tree {}", personality.dbName(), tree.treeId());
        } catch (DataIntegrityViolationException e) {
            log.info("another process created the {} tree first", personality.dbName());
        }
        return store.trees(personality);
    }
}
