package dev.keyless.ca.issuance;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Admission for the CPU-bound work of a signing request ({@code keyless.ca.issuance-concurrency}): from the parsed
 * body to the encoded answer, that is JSON, the proof of possession, the policy, signing the precertificate and the
 * final certificate, checking the SCT. Waits on other services run without a slot ({@link #released}).
 *
 * <p>Why: with a thread per request, every request in progress competes for the processors. At 64 clients on two
 * cores, platform threads thrash (64 runnable OS threads), and virtual threads pile up behind Tomcat's monitors (a
 * virtual thread that blocks for a moment is queued behind every runnable one each time it is woken): p99 of
 * 0.1–1.2 s and requests over 2 s while the median stayed near 30 ms. With a few slots the other requests wait
 * here instead, parked, in arrival order. On platform threads that gave ~30 % more certificates/s than virtual
 * threads and p99 ~40 ms (docs/benchmarks.md).
 *
 * <p>A request gives its slot back while it waits for the CT log ({@link #released}), so the slots bound computing,
 * not waiting: a slow or distant log does not lower throughput. A request that comes back from the log is served
 * before new ones, since it is the closer to done.
 *
 * <p>Thread-safe. A slot belongs to the thread that took it: {@link #leave} and {@link #released} must run on the
 * thread that called {@link #enter}.
 */
public final class CpuSlots {
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    /** Invariant (under lock): free > 0 only while both queues are empty. */
    private final ArrayDeque<Waiter> resuming = new ArrayDeque<>();
    private final ArrayDeque<Waiter> arriving = new ArrayDeque<>();
    private final ThreadLocal<Boolean> holding = new ThreadLocal<>();
    private int free;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        /** Set under the lock by the thread that hands its slot over, before it unparks this one. */
        volatile boolean granted;
    }

    public CpuSlots(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("issuance concurrency is " + limit + ", want >= 1");
        }
        this.limit = limit;
        this.free = limit;
    }

    /** Twice the processors this JVM may use: enough to keep them busy while a holder waits on a lock or a page. */
    public static int defaultLimit() {
        return 2 * Runtime.getRuntime().availableProcessors();
    }

    public int limit() {
        return limit;
    }

    /**
     * Takes a slot for a new request, after every request already waiting.
     *
     * @return false if none came within {@code wait}, or the thread was interrupted (its interrupt flag stays set);
     *     the caller then holds nothing
     * @throws IllegalStateException if this thread holds a slot already
     */
    public boolean enter(Duration wait) {
        if (holds()) {
            throw new IllegalStateException("this thread holds an issuance slot already");
        }
        Waiter waiter = takeOrQueue(arriving);
        long deadline = System.nanoTime() + wait.toNanos();
        while (waiter != null && !waiter.granted) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                lock.lock();
                try {
                    if (!waiter.granted) {
                        arriving.remove(waiter);
                        return false;
                    }
                } finally {
                    lock.unlock();
                }
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        holding.set(Boolean.TRUE);
        return true;
    }

    /** Gives this thread's slot to the longest-waiting request, those resuming first. */
    public void leave() {
        if (!holds()) {
            throw new IllegalStateException("this thread holds no issuance slot");
        }
        holding.remove();
        Waiter next;
        lock.lock();
        try {
            next = resuming.pollFirst();
            if (next == null) {
                next = arriving.pollFirst();
            }
            if (next == null) {
                free++;
                return;
            }
            next.granted = true;
        } finally {
            lock.unlock();
        }
        LockSupport.unpark(next.thread);
    }

    /**
     * Runs {@code blocking} (a call that waits on another service) without this thread's slot, then takes a slot
     * again ahead of new requests, whatever {@code blocking} did. Without a slot held, it just runs {@code blocking}.
     */
    public <T> T released(Supplier<T> blocking) {
        if (!holds()) {
            return blocking.get();
        }
        leave();
        try {
            return blocking.get();
        } finally {
            resume();
        }
    }

    /** Whether the calling thread holds a slot. */
    public boolean holds() {
        return holding.get() != null;
    }

    /** Requests waiting for a slot (metrics and tests). */
    public int waiting() {
        lock.lock();
        try {
            return resuming.size() + arriving.size();
        } finally {
            lock.unlock();
        }
    }

    /** Waits without a time limit: the request has done part of its work and holds a logged precertificate. */
    private void resume() {
        Waiter waiter = takeOrQueue(resuming);
        boolean interrupted = false;
        while (waiter != null && !waiter.granted) {
            LockSupport.park(this);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        holding.set(Boolean.TRUE);
    }

    /** Takes a free slot (null), or else joins {@code queue} and returns the waiter to watch. */
    private Waiter takeOrQueue(ArrayDeque<Waiter> queue) {
        lock.lock();
        try {
            if (free > 0) {
                free--;
                return null;
            }
            Waiter waiter = new Waiter();
            queue.addLast(waiter);
            return waiter;
        } finally {
            lock.unlock();
        }
    }
}
