package dev.keyless.tlog.config;

import dev.keyless.tlog.ct.CtIdentities;
import dev.keyless.tlog.engine.IndexBackfill;
import dev.keyless.tlog.engine.IndexBackfillStore;
import dev.keyless.tlog.engine.LogStore;
import dev.keyless.tlog.engine.LogTree;
import dev.keyless.tlog.engine.Personality;
import dev.keyless.tlog.engine.jdbc.JdbcIndexBackfillStore;
import dev.keyless.tlog.rekor.RekorFingerprints;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Search keys for entries logged before those keys existed ({@link IndexBackfill}): the fingerprints of every Rekor
 * v1 shard's verifiers, and the identities of the CT log's certificates. One background thread after start; a
 * database that is away makes it wait and try again, a stop makes the next start go on where it stopped.
 */
@Configuration(proxyBeanMethods = false)
public class IndexBackfillConfiguration {
    private static final Logger log = LoggerFactory.getLogger(IndexBackfillConfiguration.class);
    static final Duration RETRY = Duration.ofSeconds(30);

    @Bean
    IndexBackfillStore indexBackfillStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new JdbcIndexBackfillStore(jdbc, tx);
    }

    @Bean
    SmartLifecycle indexBackfillRunner(LogStore store, IndexBackfillStore progress) {
        IndexBackfill backfill = new IndexBackfill(store, progress);
        return new SmartLifecycle() {
            private volatile Thread thread;

            @Override
            public void start() {
                Thread t = new Thread(() -> runUntilDone(store, backfill), "index-backfill");
                t.setDaemon(true);
                t.setPriority(Thread.MIN_PRIORITY); // appends and reads come first
                thread = t;
                t.start();
            }

            @Override
            public void stop() {
                Thread t = thread;
                thread = null;
                if (t != null) {
                    t.interrupt();
                }
            }

            @Override
            public boolean isRunning() {
                return thread != null;
            }
        };
    }

    private static void runUntilDone(LogStore store, IndexBackfill backfill) {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                for (LogTree t : store.trees(Personality.REKOR)) {
                    backfill.run(t.treeId(), RekorFingerprints.VERSION, e -> RekorFingerprints.of(e.leafInput()));
                }
                for (LogTree t : store.trees(Personality.CT)) {
                    backfill.run(t.treeId(), CtIdentities.VERSION, e -> CtIdentities.ofLeaf(e.leafInput()));
                }
                return;
            } catch (RuntimeException e) {
                log.warn("writing search keys for earlier entries stopped ({}); trying again in {}", e.getMessage(), RETRY);
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }
}
