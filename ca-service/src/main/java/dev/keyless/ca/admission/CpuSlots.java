package dev.keyless.ca.admission;

import dev.keyless.ca.errors.ServerBusyException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Admission for the CPU-bound work of a signing request ({@code keyless.ca.issuance-concurrency}): the proof of
 * possession, the policy, signing the precertificate and the final certificate, checking the SCT. The orchestrating
 * code holds a {@link Slot} and marks each wait on another service with {@link Slot#released}, so the slots bound
 * computing, not waiting: a slow identity provider or CT log does not lower throughput.
 *
 * <p>Why: with a thread per request, every request in progress competes for the processors. At 64 clients on two
 * cores, platform threads thrash (64 runnable OS threads), and virtual threads pile up behind Tomcat's monitors (a
 * virtual thread that blocks for a moment is queued behind every runnable one each time it is woken). With a few
 * slots the other requests wait here instead, parked, in arrival order (docs/benchmarks.md has the figures).
 *
 * <p>A request that comes back from a wait ({@link Slot#released}) is served before new ones, since it is the closer
 * to done. Thread-safe; a {@link Slot} is used by one thread at a time.
 */
public final class CpuSlots {
    private final int limit;
    private final ReentrantLock lock = new ReentrantLock();
    /** Invariant (under lock): free > 0 only while both queues are empty. */
    private final ArrayDeque<Waiter> resuming = new ArrayDeque<>();
    private final ArrayDeque<Waiter> arriving = new ArrayDeque<>();
    private int free;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        /** Set under the lock by the thread that hands its slot over, before it unparks this one. */
        volatile boolean granted;
    }

    /** One request's hold on a slot; {@link #close} gives it back (once; later calls do nothing). */
    public final class Slot implements AutoCloseable {
        private boolean held = true;

        private Slot() {
        }

        /**
         * Runs {@code blocking} (a call that waits on another service) without the slot, then takes a slot again
         * ahead of new requests, whatever {@code blocking} did.
         *
         * @throws IllegalStateException if the slot was given back already
         */
        public <T> T released(Supplier<T> blocking) {
            if (!held) {
                throw new IllegalStateException("the issuance slot was given back already");
            }
            held = false;
            handOver();
            try {
                return blocking.get();
            } finally {
                resume();
                held = true;
            }
        }

        /** Whether this request holds the slot now (false while {@link #released} runs, and after {@link #close}). */
        public boolean held() {
            return held;
        }

        @Override
        public void close() {
            if (held) {
                held = false;
                handOver();
            }
        }
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
     * @throws ServerBusyException if none came within {@code wait}, or the thread was interrupted (its interrupt flag
     *     stays set); the caller then holds nothing
     */
    public Slot enter(Duration wait) {
        Waiter waiter = takeOrQueue(arriving);
        long deadline = System.nanoTime() + wait.toNanos();
        while (waiter != null && !waiter.granted) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Thread.currentThread().isInterrupted()) {
                lock.lock();
                try {
                    if (!waiter.granted) {
                        arriving.remove(waiter);
                        throw new ServerBusyException(wait);
                    }
                } finally {
                    lock.unlock();
                }
                break;
            }
            LockSupport.parkNanos(this, left);
        }
        return new Slot();
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

    /** Gives a slot to the longest-waiting request, those resuming first. */
    private void handOver() {
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

    /** Waits without a time limit: the request has done part of its work (it may hold a logged precertificate). */
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
