package dev.keyless.ca.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keyless.ca.issuance.CpuSlots;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

class IssuanceSlotFilterTest {
    final CpuSlots slots = new CpuSlots(1);
    final IssuanceSlotFilter filter = new IssuanceSlotFilter(slots);

    @Test
    void theRequestIsProcessedInASlotAndItsAnswerSentOnlyAfterTheSlotIsGivenBack() throws Exception {
        List<Boolean> heldWhileWriting = new ArrayList<>();
        MockHttpServletResponse response = new MockHttpServletResponse() {
            @Override
            public ServletOutputStream getOutputStream() {
                ServletOutputStream real = super.getOutputStream();
                return new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        heldWhileWriting.add(slots.holds());
                        real.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        heldWhileWriting.add(slots.holds());
                        real.write(b, off, len);
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        throw new UnsupportedOperationException();
                    }
                };
            }
        };
        AtomicBoolean heldInside = new AtomicBoolean();
        filter.doFilter(post(), response, (req, res) -> {
            heldInside.set(slots.holds());
            res.setContentType("application/json");
            res.getOutputStream().write("{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
        });
        assertThat(heldInside).isTrue();
        assertThat(heldWhileWriting).isNotEmpty().containsOnly(false);
        assertThat(response.getContentAsString()).isEqualTo("{\"ok\":true}");
        assertThat(response.getContentLength()).isEqualTo(11);
        assertThat(slots.holds()).isFalse();
    }

    @Test
    void whenNoSlotComesFreeWithinTheWaitThenTheRequestGets503WithRetryAfterAndIsNotProcessed() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual().start(() -> {
            slots.enter(Duration.ofSeconds(5));
            held.countDown();
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            slots.leave();
        });
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean processed = new AtomicBoolean();
        MockHttpServletResponse refused = new MockHttpServletResponse();
        long start = System.nanoTime();
        filter.doFilter(post(), refused, (req, res) -> processed.set(true));
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(SigningCertificateService.SLOT_WAIT.toNanos());
        done.countDown();
        holder.join();

        assertThat(processed).isFalse();
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentAsString())
                .isEqualTo("{\"code\":14,\"message\":\"The server is busy; retry later\",\"details\":[]}");
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void theSlotIsGivenBackWhenProcessingFails() throws Exception {
        assertThatThrownBy(() -> filter.doFilter(post(), new MockHttpServletResponse(), (req, res) -> {
            throw new IllegalStateException("boom");
        })).hasMessageContaining("boom");
        assertThat(slots.holds()).isFalse();
        assertThat(slots.enter(Duration.ZERO)).isTrue();
        slots.leave();
    }

    @Test
    void onlyPostsTakeASlot() throws Exception {
        AtomicBoolean held = new AtomicBoolean(true);
        filter.doFilter(new MockHttpServletRequest("GET", "/api/v2/signingCert"), new MockHttpServletResponse(),
                (req, res) -> held.set(slots.holds()));
        assertThat(held).isFalse();
    }

    @Test
    void aBusyGrpcCallIsUnavailableAndOverRestTheErrorHandlerAnswersAsTheFilterDoes() throws Exception {
        Method method = new ExceptionHandlerMethodResolver(ApiErrorHandler.class).resolveMethod(new ServerBusyException());
        assertThat(method).isNotNull();
        method.setAccessible(true);
        ResponseEntity<?> r = (ResponseEntity<?>) method.invoke(new ApiErrorHandler(), new ServerBusyException());
        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(r.getBody()).isEqualTo(new Responses.Error(ApiErrorHandler.UNAVAILABLE, ConcurrencyLimitFilter.BUSY_MESSAGE));

        io.grpc.Status status = GrpcStatuses.of(new ServerBusyException());
        assertThat(status.getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(status.getDescription()).isEqualTo(ConcurrencyLimitFilter.BUSY_MESSAGE);
    }

    private static MockHttpServletRequest post() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v2/signingCert");
        request.setContent("{}".getBytes(StandardCharsets.UTF_8));
        return request;
    }
}
