package dev.keyless.ca.config;

import dev.keyless.ca.admission.GrpcConcurrencyLimit;
import dev.keyless.ca.admission.RequestSlots;
import dev.keyless.ca.grpc.FulcioGrpcService;
import dev.keyless.ca.grpc.GrpcTokenMetadata;
import dev.keyless.ca.grpc.HeadersBeforeStatus;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.grpc.server.GlobalServerInterceptor;

/**
 * Interceptors of the in-servlet gRPC service ({@code dev.keyless.ca.grpc.FulcioGrpcService}); Spring gRPC finds the
 * service itself and registers its servlet on {@code /dev.sigstore.fulcio.v2.CA/*} beside the DispatcherServlet.
 */
@Configuration(proxyBeanMethods = false)
public class GrpcConfiguration {
    /** Outermost, so that every status, including one Spring gRPC makes from a thrown exception, goes out after headers. */
    @Bean
    @GlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE)
    HeadersBeforeStatus headersBeforeStatus() {
        return new HeadersBeforeStatus();
    }

    /** Inside {@link HeadersBeforeStatus}, so that its refusal, too, goes out after headers. */
    @Bean
    @GlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE + 5)
    GrpcConcurrencyLimit grpcConcurrencyLimit(RequestSlots slots) {
        return new GrpcConcurrencyLimit(slots);
    }

    @Bean
    @GlobalServerInterceptor
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    GrpcTokenMetadata grpcTokenMetadata() {
        return new GrpcTokenMetadata();
    }
}
