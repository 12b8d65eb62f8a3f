package dev.keyless.ca.tuf;

import dev.keyless.tuf.RoleKeys;
import dev.keyless.tuf.TufRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the served TUF repository fresh without an operator: every {@code interval} it signs the timestamp (and the
 * snapshot) again with the online keys when they near expiry, or when a rotation left them signed by keys the root
 * no longer lists (tuf.md §4). The keys are read from their directory on every run, so a rotated online key is used
 * without a restart. A failed run is logged and retried at the next one; clients keep the last timestamp until it
 * expires, which is days away. Writes are serialized with the operator's commands by the repository's lock.
 */
public final class OnlineTufSigner implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(OnlineTufSigner.class);

    private final TufRepository repository;
    private final Path onlineKeys;
    private final Duration interval;
    private final Clock clock;
    private volatile ScheduledExecutorService executor;

    public OnlineTufSigner(TufRepository repository, Path onlineKeys, Duration interval, Clock clock) {
        this.repository = repository;
        this.onlineKeys = onlineKeys;
        this.interval = interval;
        this.clock = clock;
    }

    /** One run: what it wrote (0 where nothing), or null when it failed. */
    public TufRepository.Published refresh() {
        try {
            TufRepository.Published p = repository.refreshOnline(RoleKeys.read(null, onlineKeys, null), clock.instant());
            if (p.snapshot() > 0 || p.timestamp() > 0) {
                log.info("TUF repository {}: signed snapshot {} and timestamp {} (0: unchanged)",
                        repository.directory(), p.snapshot(), p.timestamp());
            }
            p.warnings().forEach(w -> log.warn("TUF repository {}: {}", repository.directory(), w));
            return p;
        } catch (Exception e) {
            // Messages name files and roles only, never key material.
            log.warn("TUF repository {}: online re-signing failed, retrying in {}: {}", repository.directory(), interval,
                    e.getMessage());
            return null;
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tuf-online-signer");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        executor = s;
    }

    @Override
    public void stop() {
        ScheduledExecutorService s = executor;
        executor = null;
        if (s != null) {
            s.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
