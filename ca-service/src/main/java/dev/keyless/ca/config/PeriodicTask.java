package dev.keyless.ca.config;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;

/**
 * Runs a task on one daemon thread of its own every {@code interval}, from application start to shutdown: the key
 * reloader and the TUF online signer. The task handles its own failures (a throw would stop the schedule).
 */
final class PeriodicTask implements SmartLifecycle {
    private final String thread;
    private final Duration initialDelay;
    private final Duration interval;
    private final Runnable task;
    private volatile ScheduledExecutorService executor;

    PeriodicTask(String thread, Duration initialDelay, Duration interval, Runnable task) {
        this.thread = thread;
        this.initialDelay = initialDelay;
        this.interval = interval;
        this.task = task;
    }

    @Override
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, thread);
            t.setDaemon(true);
            return t;
        });
        s.scheduleWithFixedDelay(task, initialDelay.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
