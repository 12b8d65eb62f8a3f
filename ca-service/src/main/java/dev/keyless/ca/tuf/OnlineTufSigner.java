package dev.keyless.ca.tuf;

import dev.keyless.tuf.RoleKeys;
import dev.keyless.tuf.TufRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the served TUF repository fresh without an operator: every {@code interval} it signs the timestamp (and the
 * snapshot) again with the online keys when they near expiry, or when a rotation left them signed by keys the root
 * no longer lists (tuf.md §4). The keys are read from their directory on every run, so a rotated online key is used
 * without a restart. A failed run is logged and retried at the next one; clients keep the last timestamp until it
 * expires, which is days away. Writes are serialized with the operator's commands by the repository's lock.
 */
public final class OnlineTufSigner {
    private static final Logger log = LoggerFactory.getLogger(OnlineTufSigner.class);

    private final TufRepository repository;
    private final Path onlineKeys;
    private final Duration interval;
    private final Clock clock;

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
}
