package dev.keyless.tlog.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of tlog-service ({@code keyless.tlog.*}); the CT log's own settings are
 * {@code keyless.tlog.ct.*} ({@link dev.keyless.tlog.ct.CtProperties}).
 *
 * @param hostname host name clients put in their trust root: the checkpoint key name and origin prefix (no port)
 * @param dataDir where generated keys are kept
 * @param rekorKey the Rekor log key: a PEM private key file (PKCS#8, encrypted PKCS#8 or SEC1); generated
 *        under {@code dataDir} on first start when unset
 * @param rekorKeyPassword password of an encrypted {@code rekorKey}
 * @param maxRequestBytes largest accepted request body; larger ones get 413
 * @param sequencer batching of appends (of each personality's sequencer)
 * @param retiredRekorKeys earlier Rekor keys (PEM private key files, with a password if encrypted): each Rekor
 *        tree (shard) is signed by the key it started with, so after {@code rekorKey} changes the frozen shards
 *        still need theirs to sign their SETs and checkpoints (at most 32)
 * @param readStateMaxAge how old the tree state that reads use may be: reads do not query it each time, and see
 *        batches committed by other processes on the same database within this age (their own at once)
 * @param entryCacheSize memory for entries kept for reads (appended by this process or read before); unset, an
 *        eighth of the maximum heap; 0 turns the cache off
 */
@ConfigurationProperties("keyless.tlog")
public record TlogProperties(
        @DefaultValue("localhost") String hostname,
        @DefaultValue("./data") Path dataDir,
        Path rekorKey,
        String rekorKeyPassword,
        @DefaultValue("4194304") long maxRequestBytes,
        @DefaultValue Sequencer sequencer,
        @DefaultValue("100ms") Duration readStateMaxAge,
        List<RetiredKey> retiredRekorKeys,
        DataSize entryCacheSize) {

    public TlogProperties {
        if (hostname.isBlank() || hostname.contains(":") || hostname.contains("/") || hostname.contains(" ")) {
            throw new IllegalArgumentException("keyless.tlog.hostname must be a bare host name without port or path");
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("keyless.tlog.max-request-bytes must be at least 1024");
        }
        retiredRekorKeys = retiredRekorKeys == null ? List.of() : List.copyOf(retiredRekorKeys);
        if (retiredRekorKeys.size() > 32) {
            throw new IllegalArgumentException("keyless.tlog.retired-rekor-keys holds at most 32 keys");
        }
        if (readStateMaxAge.isNegative() || readStateMaxAge.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("keyless.tlog.read-state-max-age must be between 0 and 10s");
        }
        if (entryCacheSize != null && entryCacheSize.isNegative()) {
            throw new IllegalArgumentException("keyless.tlog.entry-cache-size must be >= 0");
        }
    }

    /** The entry cache's bound in bytes: as configured, else an eighth of the maximum heap. */
    public long entryCacheBytes() {
        return entryCacheSize != null ? entryCacheSize.toBytes() : Runtime.getRuntime().maxMemory() / 8;
    }

    /** A key file that signed earlier Rekor shards. */
    public record RetiredKey(Path key, String password) {
        public RetiredKey {
            if (key == null) {
                throw new IllegalArgumentException("keyless.tlog.retired-rekor-keys[].key is required");
            }
        }
    }

    /**
     * @param maxBatch most entries sequenced in one transaction
     * @param maxPending most entries waiting to be sequenced; beyond it submissions get 503 with Retry-After
     * @param timeout how long a submission waits for its batch before giving up with 503
     * @param linger under concurrent load, how long a small batch may wait to fill up to the previous batch's size
     *        (0 to 1s; 0 commits at once)
     */
    public record Sequencer(
            @DefaultValue("512") int maxBatch,
            @DefaultValue("4096") int maxPending,
            @DefaultValue("10s") Duration timeout,
            @DefaultValue("5ms") Duration linger) {
        public Sequencer {
            if (maxBatch < 1 || maxPending < maxBatch) {
                throw new IllegalArgumentException("keyless.tlog.sequencer: want 1 <= max-batch <= max-pending");
            }
            if (linger.isNegative() || linger.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("keyless.tlog.sequencer.linger: want 0 to 1s, got " + linger);
            }
        }
    }
}
