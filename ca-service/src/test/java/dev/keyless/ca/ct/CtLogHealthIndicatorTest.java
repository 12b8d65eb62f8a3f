package dev.keyless.ca.ct;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.keyless.testing.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class CtLogHealthIndicatorTest {
    @Test
    void upWhenTheLogAnswersGetSthAndCachedBriefly() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer log = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        log.createContext("/ct/v1/get-sth", ex -> {
            calls.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        log.start();
        try {
            Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
            CtLogHealthIndicator h = new CtLogHealthIndicator(URI.create("http://127.0.0.1:" + log.getAddress().getPort()),
                    Duration.ofSeconds(2), clock);
            assertThat(h.health().getStatus()).isEqualTo(Status.UP);
            assertThat(h.health().getStatus()).isEqualTo(Status.UP);
            assertThat(calls.get()).as("the second probe within 5 s is answered from the cache").isEqualTo(1);
        } finally {
            log.stop(0);
        }
    }

    @Test
    void downWhenTheLogIsUnreachable() throws Exception {
        int port = Ports.unused();
        CtLogHealthIndicator h = new CtLogHealthIndicator(URI.create("http://127.0.0.1:" + port), Duration.ofSeconds(2),
                Clock.systemUTC());
        assertThat(h.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(h.health().getDetails()).containsEntry("error", "CT log unreachable");
    }
}
