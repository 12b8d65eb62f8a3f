package dev.keyless.ca.config;

import dev.keyless.ca.admission.ConcurrencyLimitFilter;
import dev.keyless.ca.admission.RequestSizeLimitFilter;
import dev.keyless.ca.admission.RequestSlots;
import dev.keyless.ca.web.JsonBodyFilter;
import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The servlet filters in front of the API, in order: the request limit, the body size limit, and the JSON body reader
 * of the signing endpoints. The issuance slots are taken by the signing pipeline itself.
 */
@Configuration(proxyBeanMethods = false)
public class AdmissionConfiguration {
    /**
     * Bounds how many API requests are in progress, before any body is read: overload is 503. After Spring Boot's
     * HTTP observation filter ({@code HIGHEST_PRECEDENCE + 1}), so refusals and the wait for a slot show in
     * {@code http.server.requests}.
     */
    @Bean
    FilterRegistrationBean<ConcurrencyLimitFilter> concurrencyLimitFilter(RequestSlots slots) {
        return registration(new ConcurrencyLimitFilter(slots), 2, "/api/*");
    }

    /** The requests in progress, REST and gRPC together ({@code keyless.ca.max-concurrent-requests}). */
    @Bean
    RequestSlots requestSlots(CaProperties props) {
        return new RequestSlots(props.maxConcurrentRequests());
    }

    /** Bounds API request bodies before anything parses them. */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> requestSizeLimitFilter(CaProperties props) {
        return registration(new RequestSizeLimitFilter(props.maxRequestBytes()), 3, "/api/*");
    }

    /** The signing endpoints read JSON whatever the Content-Type, as Fulcio's gateway. */
    @Bean
    FilterRegistrationBean<JsonBodyFilter> jsonBodyFilter() {
        return registration(new JsonBodyFilter(), 4, "/api/v2/signingCert", "/api/v1/signingCert");
    }

    /** {@code filter} on {@code urls}, at {@code HIGHEST_PRECEDENCE + rank}: the lower the rank, the earlier. */
    private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int rank, String... urls) {
        FilterRegistrationBean<F> bean = new FilterRegistrationBean<>(filter);
        bean.addUrlPatterns(urls);
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + rank);
        return bean;
    }
}
