package dev.keyless.ca.admission;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The signing requests ca-service works on at once, REST and gRPC together ({@code keyless.ca.max-concurrent-requests}).
 * Each request may hold a body of up to {@code keyless.ca.max-request-bytes} in memory, and on virtual threads (or
 * with gRPC beside Tomcat's pool) nothing else bounds how many run: the slots do. Thread-safe; fair, so a waiting request is not overtaken.
 */
public final class RequestSlots {
    private final Semaphore slots;
    private final int limit;

    public RequestSlots(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("concurrency limit is " + limit + ", want >= 1");
        }
        this.slots = new Semaphore(limit, true);
        this.limit = limit;
    }

    /** Takes a slot if one frees up within {@code wait}; an interrupted wait takes none and keeps the interrupt. */
    boolean tryAcquire(Duration wait) {
        try {
            return slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Takes a slot only if one is free now. */
    boolean tryAcquire() {
        return slots.tryAcquire();
    }

    /** Returns a slot taken by {@link #tryAcquire}; exactly once per slot taken. */
    void release() {
        slots.release();
    }

    /** Slots in use (tests and diagnostics). */
    public int inUse() {
        return limit - slots.availablePermits();
    }
}
