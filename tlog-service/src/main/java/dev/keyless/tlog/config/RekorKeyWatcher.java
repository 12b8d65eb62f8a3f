package dev.keyless.tlog.config;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.crypto.KeyIds;
import dev.keyless.common.encoding.Hash;
import dev.keyless.tlog.rekor.RekorLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rotates the Rekor key without a restart: every {@code interval} it checks the key file, and when it holds a new key,
 * freezes the active shard and starts a new one under that key, exactly as a start with the new key would
 * ({@link RekorShardLoader}), then serves the new shards. Replicas sharing the key file each switch at their next
 * check; the first to check freezes the tree, the others find it frozen and follow. A key file that does not load
 * leaves the log as it was, and the log says so at each check.
 */
final class RekorKeyWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(RekorKeyWatcher.class);

    private final RekorShardLoader loader;
    private final RekorLog rekor;
    private final String password;
    private final EcdsaBackend ecdsa;
    private final Duration interval;
    private byte[] seen;
    private volatile ScheduledExecutorService executor;

    RekorKeyWatcher(RekorShardLoader loader, RekorLog rekor, String password, EcdsaBackend ecdsa, Duration interval) {
        this.loader = loader;
        this.rekor = rekor;
        this.password = password;
        this.ecdsa = ecdsa;
        this.interval = interval;
        this.seen = fingerprint();
    }

    /** One check; true when the log now serves a new shard under a new key. */
    synchronized boolean check() {
        byte[] now = fingerprint();
        if (Arrays.equals(now, seen)) {
            return false;
        }
        Path file = loader.keyFile();
        try {
            EcdsaSigner key = LogKeys.load(file, password, file, "Rekor log", ecdsa);
            seen = now;
            Hash id = KeyIds.logId(key.publicKey());
            if (rekor.active().logId().equals(id.toHex())) {
                return false;
            }
            List<RekorLog.Shard> shards = loader.load(key);
            List<RekorLog.Shard> before = rekor.replaceShards(shards);
            // Stops the old active shard's sequencer: its tree is frozen, nothing more lands there.
            before.forEach(s -> s.log().close());
            loader.genesis(rekor, key);
            log.warn("the Rekor key was rotated: tree {} now takes new entries under the key with log ID {}",
                    rekor.active().log().treeId(), id.toHex());
            return true;
        } catch (RuntimeException e) {
            log.error("the Rekor key file {} changed but was not used: {}", file, e.getMessage());
            return false;
        }
    }

    /** SHA-256 of the key file: a digest, so no key bytes stay in memory. */
    private byte[] fingerprint() {
        try {
            byte[] bytes = Files.readAllBytes(loader.keyFile());
            byte[] digest = Hash.sha256(bytes).toByteArray();
            Arrays.fill(bytes, (byte) 0);
            return digest;
        } catch (IOException e) {
            return new byte[0]; // missing for a moment (being replaced): the next check sees the new file
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rekor-key-watcher");
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
