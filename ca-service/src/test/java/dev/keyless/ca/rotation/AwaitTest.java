package dev.keyless.ca.rotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AwaitTest {
    @Test
    void aServiceThatDoesNotAnswerForAMomentIsAskedAgain() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        Await.until(Duration.ofSeconds(10), () -> {
            if (asked.incrementAndGet() < 3) {
                throw new IOException("connection refused");
            }
            return true;
        }, "never");
        assertThat(asked).hasValue(3);
    }

    @Test
    void whenTheTimeIsUpTheFailureSaysWhatDidNotHappenAndTheLastError() {
        AtomicInteger asked = new AtomicInteger();
        assertThatThrownBy(() -> Await.until(Duration.ofMillis(600), () -> {
            if (asked.incrementAndGet() == 1) {
                throw new IOException("HTTP 503");
            }
            return false;
        }, "the log did not switch")).isInstanceOf(IllegalStateException.class)
                .hasMessage("the log did not switch (last error: HTTP 503)");
        assertThat(asked.get()).as("asked until the time was up").isGreaterThan(1);
    }
}
