package dev.keyless.tlog.config;

import dev.keyless.common.crypto.EcdsaBackend;
import dev.keyless.common.crypto.EcdsaSigner;
import dev.keyless.common.encoding.Hash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Rotates a log key without a restart: every {@code interval} it checks the key file, and when it holds a new key
 * hands it to the log ({@link Switch}): the Rekor log freezes its active shard and starts a new one
 * ({@link RekorShardLoader#switchTo}), the CT log signs with it from then on. A key file that does not load leaves the
 * log as it was, and the log says so at each check.
 */
final class KeyFileWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(KeyFileWatcher.class);

    /** Starts using {@code key}; false when it is already the key in use. */
    interface Switch {
        boolean to(EcdsaSigner key);
    }

    private final String what;
    private final Path file;
    private final String password;
    private final EcdsaBackend ecdsa;
    private final Duration interval;
    private final Switch onNewKey;
    private byte[] seen;
    private volatile ScheduledExecutorService executor;

    /** @param what the log, for messages ("Rekor log", "CT log") */
    KeyFileWatcher(String what, Path file, String password, EcdsaBackend ecdsa, Duration interval, Switch onNewKey) {
        this.what = what;
        this.file = file;
        this.password = password;
        this.ecdsa = ecdsa;
        this.interval = interval;
        this.onNewKey = onNewKey;
        this.seen = fingerprint();
    }

    /** One check; true when the log now uses a new key. */
    synchronized boolean check() {
        byte[] now = fingerprint();
        if (Arrays.equals(now, seen)) {
            return false;
        }
        try {
            EcdsaSigner key = LogKeys.load(file, password, file, what, ecdsa);
            boolean switched = onNewKey.to(key);
            seen = now;
            if (switched) {
                log.warn("the {} key was rotated: now signing with the key in {}", what, file);
            }
            return switched;
        } catch (RuntimeException e) {
            log.error("the {} key file {} changed but was not used: {}", what, file, e.getMessage());
            return false;
        }
    }

    /** SHA-256 of the key file: a digest, so no key bytes stay in memory. */
    private byte[] fingerprint() {
        try {
            byte[] bytes = Files.readAllBytes(file);
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
            Thread t = new Thread(r, "key-file-watcher");
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
