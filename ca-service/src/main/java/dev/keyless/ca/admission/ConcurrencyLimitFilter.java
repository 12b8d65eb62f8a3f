package dev.keyless.ca.admission;

import dev.keyless.ca.errors.ErrorCatalogue;
import io.grpc.Status;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds how many REST API requests are processed at once ({@link RequestSlots}, shared with gRPC's
 * {@link GrpcConcurrencyLimit}). On virtual threads ({@code KEYLESS_CA_VIRTUAL_THREADS=true}) Tomcat gives every
 * request its own thread without a limit, gRPC calls come on top of Tomcat's pool either way, and
 * each request may hold a body of up to {@code keyless.ca.max-request-bytes} in memory ({@link RequestSizeLimitFilter},
 * which runs after this filter): without this bound, memory would grow with the number of open connections. A request
 * that finds no free slot within {@link #WAIT} is overload: 503 with {@code Retry-After}, before its body is read.
 */
public class ConcurrencyLimitFilter extends OncePerRequestFilter {
    /** How long a request waits for a slot: long enough to ride out a burst, short of clients' timeouts. */
    public static final Duration WAIT = Duration.ofSeconds(1);

    private final RequestSlots slots;

    public ConcurrencyLimitFilter(RequestSlots slots) {
        this.slots = slots;
    }

    /** Slots in use (tests and diagnostics). */
    int inUse() {
        return slots.inUse();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!slots.tryAcquire(WAIT)) {
            busy(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            slots.release();
        }
    }

    static void busy(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", ErrorCatalogue.RETRY_AFTER_SECONDS);
        if (request.getProtocol().startsWith("HTTP/1")) {
            // Otherwise Tomcat would read and discard the unread body (up to max-swallow-size) under the very load
            // that caused the refusal. HTTP/2 forbids the header; there only the stream ends.
            response.setHeader("Connection", "close");
        }
        response.setContentType("application/json");
        response.getOutputStream().write(("{\"code\":" + Status.Code.UNAVAILABLE.value() + ",\"message\":\"" + ErrorCatalogue.BUSY_MESSAGE
                + "\",\"details\":[]}").getBytes(StandardCharsets.UTF_8));
    }
}
