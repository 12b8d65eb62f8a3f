package dev.keyless.ca.rotation;

import java.io.IOException;
import java.time.Duration;

/**
 * How a rotation waits for a service to take its step: asks every half second until the answer is yes or the time is
 * up. A service that does not answer for a moment (restarting, overloaded: an {@link IOException}) is asked again, and
 * its last error goes into the failure message.
 */
final class Await {
    static final Duration POLL = Duration.ofMillis(500);

    /** A question to a service; an {@link IOException} means no answer this time. */
    interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    private Await() {
    }

    /**
     * @param failure what went wrong when {@code wait} passes first: what did not happen, and what to check
     * @throws IllegalStateException with {@code failure} when the time is up
     */
    static void until(Duration wait, Condition c, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        String lastError = "";
        while (true) {
            try {
                if (c.holds()) {
                    return;
                }
            } catch (IOException e) {
                lastError = " (last error: " + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(failure + lastError);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
