package dev.keyless.ca.rotation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks the signing material's files every {@code interval} and switches to new material when a rotation wrote it
 * ({@link Reloadable}). A failed load is logged (the file names and the reason, never key bytes) and the material in
 * use stays; the next check tries again.
 */
public final class KeyReloader implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(KeyReloader.class);

    private final Map<String, Reloadable<?>> material;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    /** @param material by what it is, for the log ("CA", "TSA") */
    public KeyReloader(Map<String, Reloadable<?>> material, Duration interval) {
        this.material = Map.copyOf(material);
        this.interval = interval;
    }

    /** One check of every material; returns how many switched. */
    public int check() {
        int switched = 0;
        for (Map.Entry<String, Reloadable<?>> m : material.entrySet()) {
            try {
                if (m.getValue().reloadIfChanged()) {
                    switched++;
                    log.info("{} rotated: now using {}", m.getKey(), m.getValue().current());
                }
            } catch (RuntimeException e) {
                log.error("{} files changed but do not load; still signing with the material loaded before: {}",
                        m.getKey(), e.getMessage());
            }
        }
        return switched;
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "key-reloader");
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
