package dev.keyless.tlog.config;

import dev.keyless.common.encoding.Hash;
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
 * Rotations without a restart: every {@code interval} it checks some files, and when their bytes change hands over
 * to {@link Change}, which loads them and switches: a new Rekor key freezes the active shard and starts a new one
 * ({@link RekorShardLoader#switchTo}), a new CT key signs from then on, new CT roots are accepted. Files that do not
 * load leave the log as it was, and the log says so at each check.
 */
final class FileWatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FileWatcher.class);

    /** Loads the changed files and switches to them; true when something changed for clients. */
    interface Change {
        boolean apply();
    }

    private final String what;
    private final List<Path> files;
    private final Duration interval;
    private final Change change;
    private byte[] seen;
    private volatile ScheduledExecutorService executor;

    /** @param what what the files are, for messages ("Rekor log key") */
    FileWatcher(String what, List<Path> files, Duration interval, Change change) {
        this.what = what;
        this.files = List.copyOf(files);
        this.interval = interval;
        this.change = change;
        this.seen = fingerprint();
    }

    /** One check; true when the log now uses the changed files. */
    synchronized boolean check() {
        byte[] now = fingerprint();
        if (Arrays.equals(now, seen)) {
            return false;
        }
        try {
            boolean switched = change.apply();
            seen = now;
            if (switched) {
                log.warn("the {} changed: now using {}", what, files);
            }
            return switched;
        } catch (RuntimeException e) {
            log.error("the {} in {} changed but was not used: {}", what, files, e.getMessage());
            return false;
        }
    }

    /** SHA-256 over the files: a digest, so no key bytes stay in memory. */
    private byte[] fingerprint() {
        byte[] all = new byte[0];
        for (Path f : files) {
            byte[] digest;
            try {
                byte[] bytes = Files.readAllBytes(f);
                digest = Hash.sha256(bytes).toByteArray();
                Arrays.fill(bytes, (byte) 0);
            } catch (IOException e) {
                digest = new byte[0]; // missing for a moment (being replaced): the next check sees the new file
            }
            all = Hash.sha256(concat(all, digest)).toByteArray();
        }
        return all;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "file-watcher");
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
