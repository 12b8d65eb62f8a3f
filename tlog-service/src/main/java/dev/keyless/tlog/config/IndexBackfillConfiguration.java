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
 *
 * <p>Entries are covered up to each tree's size when its first pass began. An upgrade from a version without these
 * keys should therefore stop every process of that version before the first new one starts (docs/operations.md);
 * entries an old process appended afterwards are covered by running the pass again ({@code DELETE FROM
 * index_backfill}, then a restart: the keys it writes again are left as they are).
 */
@Configuration(proxyBeanMethods = false)
public class IndexBackfillConfiguration {
    private static final Logger log = LoggerFactory.getLogger(IndexBackfillConfiguration.class);
    static final Duration RETRY = Duration.ofSeconds(30);
    static final Duration STOP_WAIT = Duration.ofSeconds(5);

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
                thread = t;
                t.start();
            }

            @Override
            public void stop() {
                Thread t = thread;
                thread = null;
                if (t != null) {
                    t.interrupt();
                    try {
                        t.join(STOP_WAIT.toMillis()); // a batch in flight commits or rolls back whole either way
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public boolean isRunning() {
                return thread != null;
            }
        };
    }

    private static void runUntilDone(LogStore store, IndexBackfill backfill) {
        try {
            while (true) {
                try {
                    for (LogTree t : store.trees(Personality.REKOR)) {
                        backfill.run(t.treeId(), RekorFingerprints.VERSION, RekorFingerprints::of);
                    }
                    for (LogTree t : store.trees(Personality.CT)) {
                        backfill.run(t.treeId(), CtIdentities.VERSION, CtIdentities::ofLeaf);
                    }
                    return;
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return; // stopping: a JDBC call cut short says nothing about the database
                    }
                    log.warn("writing search keys for earlier entries stopped ({}: {}); trying again in {}",
                            e.getClass().getSimpleName(), e.getMessage(), RETRY);
                    Thread.sleep(RETRY.toMillis());
                }
            }
        } catch (InterruptedException stop) {
            // the next start goes on where this one stopped
        }
    }
}
