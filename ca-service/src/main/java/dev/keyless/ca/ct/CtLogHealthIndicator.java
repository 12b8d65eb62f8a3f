package dev.keyless.ca.ct;

import dev.keyless.ca.wire.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Readiness of the certificate-transparency step: the configured CT log answers {@code get-sth}. Without it every
 * issuance would fail with 503, so a load balancer should not send traffic here. The answer is cached briefly so
 * health probes do not turn into load on the log.
 */
public final class CtLogHealthIndicator implements HealthIndicator {
    private static final Duration CACHE = Duration.ofSeconds(5);

    private final HttpClient http;
    private final URI sth;
    private final Duration timeout;
    private final Clock clock;
    private volatile Health last;
    private volatile Instant checkedAt = Instant.MIN;

    public CtLogHealthIndicator(URI logUrl, Duration timeout, Clock clock) {
        this.http = Http.occasional(timeout);
        this.sth = logUrl.resolve("/ct/v1/get-sth");
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Health health() {
        Instant now = clock.instant();
        Health cached = last;
        if (cached != null && now.isBefore(checkedAt.plus(CACHE))) {
            return cached;
        }
        Health h;
        try {
            int status = http.send(HttpRequest.newBuilder(sth).timeout(timeout).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            h = status == 200 ? Health.up().build() : Health.down().withDetail("status", status).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            h = Health.down().withDetail("error", "interrupted").build();
        } catch (Exception e) {
            h = Health.down().withDetail("error", "CT log unreachable").build();
        }
        last = h;
        checkedAt = now;
        return h;
    }
}
