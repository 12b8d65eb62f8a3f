package dev.keyless.ca.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.FilterChain;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ConcurrencyLimitFilterTest {

    @Test
    void whenEverySlotIsTakenThenTheNextRequestGets503WithRetryAfterAndIsNotProcessed() throws Exception {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(new RequestSlots(2));
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger processed = new AtomicInteger();
        FilterChain blocking = (req, res) -> {
            processed.incrementAndGet();
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Thread[] holders = new Thread[2];
        for (int i = 0; i < holders.length; i++) {
            holders[i] = Thread.ofVirtual().start(() -> run(filter, blocking));
        }
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(filter.inUse()).isEqualTo(2);

        long start = System.nanoTime();
        MockHttpServletResponse refused = run(filter, blocking);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(ConcurrencyLimitFilter.WAIT.toNanos());
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getHeader("Connection")).isEqualTo("close"); // HTTP/1.1: the unread body is not drained
        assertThat(refused.getContentType()).isEqualTo("application/json");
        assertThat(refused.getContentAsString())
                .isEqualTo("{\"code\":14,\"message\":\"The server is busy; retry later\",\"details\":[]}");
        assertThat(processed.get()).isEqualTo(2);

        release.countDown();
        for (Thread t : holders) {
            t.join();
        }
        assertThat(filter.inUse()).isZero();
        assertThat(run(filter, (req, res) -> processed.incrementAndGet()).getStatus()).isEqualTo(200);
        assertThat(processed.get()).isEqualTo(3);
    }

    @Test
    void overHttp2TheRefusalEndsOnlyTheStream() throws Exception {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(new RequestSlots(1));
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> run(filter, (req, res) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        MockHttpServletRequest h2 = new MockHttpServletRequest("POST", "/api/v2/signingCert");
        h2.setProtocol("HTTP/2.0");
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(h2, refused, (req, res) -> { });
        release.countDown();
        holder.join();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Connection")).isNull(); // forbidden in HTTP/2 (RFC 9113 §8.2.2)
    }

    @Test
    void aSlotIsReturnedWhenProcessingFails() {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(new RequestSlots(1));
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("POST", "/api/v2/signingCert"),
                new MockHttpServletResponse(), (req, res) -> {
                    throw new IllegalStateException("boom");
                })).hasMessageContaining("boom");
        assertThat(filter.inUse()).isZero();
        assertThat(run(filter, (req, res) -> { }).getStatus()).isEqualTo(200);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> new RequestSlots(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static MockHttpServletResponse run(ConcurrencyLimitFilter filter, FilterChain chain) {
        MockHttpServletResponse response = new MockHttpServletResponse();
        try {
            filter.doFilter(new MockHttpServletRequest("POST", "/api/v2/signingCert"), response, chain);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return response;
    }
}
