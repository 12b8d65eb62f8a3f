package dev.keyless.ca.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keyless.ca.issuance.CertificateTransparencyException;
import dev.keyless.ca.issuance.CtLogUnavailableException;
import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;

/**
 * CT failures as Spring dispatches them and as gRPC reports them: an unreachable log is 503/UNAVAILABLE, a bad SCT
 * 500/INTERNAL, with the same code on both.
 */
class CtErrorMappingTest {
    final ApiErrorHandler handler = new ApiErrorHandler();
    final ExceptionHandlerMethodResolver resolver = new ExceptionHandlerMethodResolver(ApiErrorHandler.class);

    ResponseEntity<?> handle(Exception e) throws Exception {
        Method method = resolver.resolveMethod(e);
        assertThat(method).isNotNull();
        method.setAccessible(true);
        return (ResponseEntity<?>) method.invoke(handler, e);
    }

    @Test
    void ctLogUnavailableWhenHandledThen503Unavailable() throws Exception {
        ResponseEntity<?> r = handle(new CtLogUnavailableException("CT log http://x answered HTTP 500 secret-detail"));
        assertThat(r.getStatusCode().value()).isEqualTo(503);
        assertThat(r.getBody()).isEqualTo(new Responses.Error(ApiErrorHandler.UNAVAILABLE, ApiErrorHandler.CT_MESSAGE));
        assertThat(r.getHeaders().getFirst("Retry-After")).isEqualTo("1");
    }

    @Test
    void sctThatDoesNotVerifyWhenHandledThen500Internal() throws Exception {
        ResponseEntity<?> r = handle(new CertificateTransparencyException("SCT does not verify", null));
        assertThat(r.getStatusCode().value()).isEqualTo(500);
        assertThat(r.getBody()).isEqualTo(new Responses.Error(ApiErrorHandler.INTERNAL, ApiErrorHandler.CT_MESSAGE));
        assertThat(r.getHeaders().containsHeader("Retry-After")).isFalse();
    }

    @Test
    void overGrpcAnUnavailableLogIsUnavailableAndABadSctInternal() {
        io.grpc.Status down = GrpcStatuses.of(new CtLogUnavailableException("CT log http://x answered HTTP 500 secret-detail"));
        assertThat(down.getCode()).isEqualTo(io.grpc.Status.Code.UNAVAILABLE);
        assertThat(down.getDescription()).isEqualTo(ApiErrorHandler.CT_MESSAGE);
        io.grpc.Status bad = GrpcStatuses.of(new CertificateTransparencyException("SCT does not verify", null));
        assertThat(bad.getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
        assertThat(bad.getDescription()).isEqualTo(ApiErrorHandler.CT_MESSAGE);
        assertThat(down.getCode().value()).as("the REST body's code").isEqualTo(ApiErrorHandler.UNAVAILABLE);
    }
}
