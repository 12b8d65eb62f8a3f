package dev.keyless.ca.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.errors.ServerBusyException;
import java.time.Duration;
import java.util.ArrayList;
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
                try (CpuSlots.Slot slot = slots.enter(LONG)) {
                    held.countDown();
                    await(done);
                }
            });
        }
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        assertThatThrownBy(() -> slots.enter(Duration.ofMillis(100))).isInstanceOf(ServerBusyException.class)
                .hasMessage("no issuance slot came free within 100 ms");
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        assertThat(slots.waiting()).as("a refused request leaves the queue").isZero();

        done.countDown();
        CpuSlots.Slot slot = slots.enter(LONG);
        assertThat(slot.held()).isTrue();
        slot.close();
        assertThat(slot.held()).isFalse();
        slot.close(); // a second close gives back nothing more
        try (CpuSlots.Slot a = slots.enter(LONG); CpuSlots.Slot b = slots.enter(LONG)) {
            assertThatThrownBy(() -> slots.enter(Duration.ZERO)).as("still two, not three")
                    .isInstanceOf(ServerBusyException.class);
        }
    }

    @Test
    void waitingRequestsGetSlotsInArrivalOrder() throws Exception {
        CpuSlots slots = new CpuSlots(1);
        CpuSlots.Slot first = slots.enter(LONG);
        List<Integer> order = new CopyOnWriteArrayList<>();
        Thread[] waiters = new Thread[5];
        for (int i = 0; i < waiters.length; i++) {
            int n = i;
            waiters[i] = Thread.ofVirtual().start(() -> {
                try (CpuSlots.Slot slot = slots.enter(LONG)) {
                    order.add(n);
                }
            });
            awaitWaiting(slots, i + 1);
        }
        first.close();
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

        CpuSlots.Slot first = slots.enter(LONG);
        Thread a = Thread.ofVirtual().start(() -> {
            try (CpuSlots.Slot slot = slots.enter(LONG)) {
                slot.released(() -> {
                    await(logAnswered);
                    return null;
                });
                assertThat(slot.held()).isTrue();
                order.add("a resumed");
            }
        });
        awaitWaiting(slots, 1);
        Thread b = Thread.ofVirtual().start(() -> {
            try (CpuSlots.Slot slot = slots.enter(LONG)) {
                order.add("b");
                bHolds.countDown();
                await(bMayLeave);
            }
        });
        awaitWaiting(slots, 2);
        first.close(); // a gets it, gives it back for its log call: b gets it
        assertThat(bHolds.await(5, TimeUnit.SECONDS)).isTrue();

        logAnswered.countDown(); // a waits to resume while b holds the slot
        awaitWaiting(slots, 1);
        Thread c = Thread.ofVirtual().start(() -> {
            try (CpuSlots.Slot slot = slots.enter(LONG)) {
                order.add("c");
            }
        });
        awaitWaiting(slots, 2);
        bMayLeave.countDown();
        a.join();
        b.join();
        c.join();
        assertThat(order).containsExactly("b", "a resumed", "c");
    }

    @Test
    void theCallRunsWithoutTheSlotAndAFailingCallStillGetsTheSlotBack() {
        CpuSlots slots = new CpuSlots(1);
        CpuSlots.Slot slot = slots.enter(LONG);
        assertThat(slot.released(slot::held)).as("the call runs without the slot").isFalse();
        assertThat(slot.released(() -> {
            try (CpuSlots.Slot other = slots.enter(Duration.ZERO)) {
                return "another request took the freed slot";
            }
        })).isEqualTo("another request took the freed slot");
        assertThat(slot.held()).isTrue();
        assertThatThrownBy(() -> slot.released(() -> {
            throw new IllegalStateException("log down");
        })).hasMessage("log down");
        assertThat(slot.held()).isTrue();
        slot.close();
        assertThatThrownBy(() -> slot.released(() -> null)).isInstanceOf(IllegalStateException.class);
        slots.enter(Duration.ZERO).close(); // no slot was lost
    }

    @Test
    void anInterruptedWaitTakesNoSlotAndKeepsTheInterrupt() throws Exception {
        CpuSlots slots = new CpuSlots(1);
        CpuSlots.Slot first = slots.enter(LONG);
        AtomicInteger outcome = new AtomicInteger();
        Thread waiter = Thread.ofVirtual().start(() -> {
            int got;
            try {
                slots.enter(LONG);
                got = 1;
            } catch (ServerBusyException e) {
                got = 2;
            }
            outcome.set(got + (Thread.currentThread().isInterrupted() ? 10 : 0));
        });
        awaitWaiting(slots, 1);
        waiter.interrupt();
        waiter.join();
        assertThat(outcome.get()).isEqualTo(12);
        assertThat(slots.waiting()).isZero();
        first.close();
        slots.enter(Duration.ZERO).close();
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new CpuSlots(0)).hasMessageContaining("is 0");
    }

    /** Many virtual threads entering, calling out and leaving: never more than the limit at work, none lost. */
    @Test
    void underContentionNoMoreThanTheLimitHoldASlotAndAllComeBack() throws Exception {
        CpuSlots slots = new CpuSlots(3);
        AtomicInteger working = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] threads = new Thread[32];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = Thread.ofVirtual().start(() -> {
                for (int j = 0; j < 200; j++) {
                    try (CpuSlots.Slot slot = slots.enter(LONG)) {
                        work(working, most);
                        slot.released(() -> {
                            Thread.yield();
                            return null;
                        });
                        work(working, most);
                    }
                }
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(most.get()).isBetween(1, 3);
        assertThat(slots.waiting()).isZero();
        List<CpuSlots.Slot> taken = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            taken.add(slots.enter(Duration.ZERO));
        }
        assertThatThrownBy(() -> slots.enter(Duration.ZERO)).as("all three free again, and only three")
                .isInstanceOf(ServerBusyException.class);
        taken.forEach(CpuSlots.Slot::close);
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
