package dev.keyless.ca.issuance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CpuSlotsTest {
    static final Duration LONG = Duration.ofSeconds(10);

    @Test
    void whenEverySlotIsTakenThenTheNextWaitsUntilOneIsLeft() throws Exception {
        CpuSlots slots = new CpuSlots(2);
        CountDownLatch held = new CountDownLatch(2);
        CountDownLatch done = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            Thread.ofVirtual().start(() -> {
                assertThat(slots.enter(LONG)).isTrue();
                held.countDown();
                await(done);
                slots.leave();
            });
        }
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThat(slots.enter(Duration.ofMillis(100))).isFalse();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(slots.holds()).isFalse();
        assertThat(slots.waiting()).as("a refused request leaves the queue").isZero();

        done.countDown();
        assertThat(slots.enter(LONG)).isTrue();
        assertThat(slots.holds()).isTrue();
        slots.leave();
        assertThat(slots.holds()).isFalse();
    }

    @Test
    void waitingRequestsGetSlotsInArrivalOrder() throws Exception {
        CpuSlots slots = new CpuSlots(1);
        assertThat(slots.enter(LONG)).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        Thread[] waiters = new Thread[5];
        for (int i = 0; i < waiters.length; i++) {
            int n = i;
            waiters[i] = Thread.ofVirtual().start(() -> {
                assertThat(slots.enter(LONG)).isTrue();
                order.add(n);
                slots.leave();
            });
            awaitWaiting(slots, i + 1);
        }
        slots.leave();
        for (Thread t : waiters) {
            t.join();
        }
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aRequestComingBackFromTheLogIsServedBeforeNewOnes() throws Exception {
        CpuSlots slots = new CpuSlots(1);
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch logAnswered = new CountDownLatch(1);
        CountDownLatch bHolds = new CountDownLatch(1);
        CountDownLatch bMayLeave = new CountDownLatch(1);

        assertThat(slots.enter(LONG)).isTrue();
        Thread a = Thread.ofVirtual().start(() -> {
            assertThat(slots.enter(LONG)).isTrue();
            slots.released(() -> {
                await(logAnswered);
                return null;
            });
            assertThat(slots.holds()).isTrue();
            order.add("a resumed");
            slots.leave();
        });
        awaitWaiting(slots, 1);
        Thread b = Thread.ofVirtual().start(() -> {
            assertThat(slots.enter(LONG)).isTrue();
            order.add("b");
            bHolds.countDown();
            await(bMayLeave);
            slots.leave();
        });
        awaitWaiting(slots, 2);
        slots.leave(); // a gets it, gives it back for its log call: b gets it
        assertThat(bHolds.await(5, TimeUnit.SECONDS)).isTrue();

        logAnswered.countDown(); // a waits to resume while b holds the slot
        awaitWaiting(slots, 1);
        Thread c = Thread.ofVirtual().start(() -> {
            assertThat(slots.enter(LONG)).isTrue();
            order.add("c");
            slots.leave();
        });
        awaitWaiting(slots, 2);
        bMayLeave.countDown();
        a.join();
        b.join();
        c.join();
        assertThat(order).containsExactly("b", "a resumed", "c");
    }

    @Test
    void releasedWithoutASlotJustRunsTheCallAndAFailingCallStillGetsTheSlotBack() {
        CpuSlots slots = new CpuSlots(1);
        assertThat(slots.released(() -> slots.holds())).isFalse();
        assertThat(slots.holds()).isFalse();

        assertThat(slots.enter(LONG)).isTrue();
        assertThat(slots.released(() -> slots.holds())).as("the call runs without the slot").isFalse();
        assertThat(slots.holds()).isTrue();
        assertThatThrownBy(() -> slots.released(() -> {
            throw new IllegalStateException("log down");
        })).hasMessage("log down");
        assertThat(slots.holds()).isTrue();
        slots.leave();
        assertThat(slots.enter(Duration.ZERO)).as("no slot was lost").isTrue();
        slots.leave();
    }

    @Test
    void anInterruptedWaitTakesNoSlotAndKeepsTheInterrupt() throws Exception {
        CpuSlots slots = new CpuSlots(1);
        assertThat(slots.enter(LONG)).isTrue();
        AtomicInteger outcome = new AtomicInteger();
        Thread waiter = Thread.ofVirtual().start(() -> {
            boolean got = slots.enter(LONG);
            outcome.set((got ? 1 : 2) + (Thread.currentThread().isInterrupted() ? 10 : 0));
        });
        awaitWaiting(slots, 1);
        waiter.interrupt();
        waiter.join();
        assertThat(outcome.get()).isEqualTo(12);
        assertThat(slots.waiting()).isZero();
        slots.leave();
        assertThat(slots.enter(Duration.ZERO)).isTrue();
        slots.leave();
    }

    @Test
    void misuseIsRefused() {
        CpuSlots slots = new CpuSlots(2);
        assertThatThrownBy(slots::leave).isInstanceOf(IllegalStateException.class);
        assertThat(slots.enter(LONG)).isTrue();
        assertThatThrownBy(() -> slots.enter(LONG)).isInstanceOf(IllegalStateException.class);
        slots.leave();
        assertThatThrownBy(() -> new CpuSlots(0)).hasMessageContaining("is 0");
    }

    /** Many virtual threads entering, calling out and leaving: never more than the limit at work, none lost. */
    @Test
    void underContentionNoMoreThanTheLimitHoldASlotAndAllComeBack() throws Exception {
        CpuSlots slots = new CpuSlots(3);
        AtomicInteger working = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        Thread[] threads = new Thread[32];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                for (int j = 0; j < 200; j++) {
                    if (!slots.enter(LONG)) {
                        refused.incrementAndGet();
                        continue;
                    }
                    work(working, most);
                    slots.released(() -> {
                        Thread.yield();
                        return null;
                    });
                    work(working, most);
                    slots.leave();
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(refused.get()).isZero();
        assertThat(most.get()).isBetween(1, 3);
        assertThat(slots.waiting()).isZero();
        AtomicInteger taken = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            Thread.ofVirtual().start(() -> {
                if (slots.enter(Duration.ZERO)) {
                    taken.incrementAndGet();
                }
            }).join();
        }
        assertThat(taken.get()).as("all three free again").isEqualTo(3);
        assertThat(slots.enter(Duration.ZERO)).as("and only three").isFalse();
    }

    private static void work(AtomicInteger working, AtomicInteger most) {
        int now = working.incrementAndGet();
        most.accumulateAndGet(now, Math::max);
        Thread.yield();
        working.decrementAndGet();
    }

    private static void awaitWaiting(CpuSlots slots, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (slots.waiting() != n) {
            assertThat(System.nanoTime()).as("waiting for %d queued", n).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
