package dev.keyless.ca.config;

import dev.keyless.ca.api.ConcurrencyLimitFilter;
import dev.keyless.ca.api.IssuanceSlotFilter;
import dev.keyless.ca.api.JsonBodyFilter;
import dev.keyless.ca.api.RequestSizeLimitFilter;
import dev.keyless.ca.api.RequestSlots;
import dev.keyless.ca.issuance.CpuSlots;
import jakarta.servlet.Filter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The filter chain lets every request through: the identity token may travel in the JSON body (sigstore-js), so
 * the signing endpoint verifies it itself through the issuer pool, and the other endpoints are public. No sessions,
 * no CSRF tokens (no cookies are ever issued), no login pages.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {
    @Bean
    SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .httpBasic(b -> b.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .anonymous(a -> a.disable())
                .build();
    }

    /**
     * No observation per security filter: the chain only writes response headers, and wrapping each of its filters
     * in an observation about doubled its share of a certificate request's CPU (from ~2.5 % to ~5 %, async-profiler
     * under load). Requests are still observed as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

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

    /**
     * Signing requests do their work in an issuance slot ({@code keyless.ca.issuance-concurrency}): after the size
     * filter has buffered the body, so no slot waits on a client's upload.
     */
    @Bean
    FilterRegistrationBean<IssuanceSlotFilter> issuanceSlotFilter(CpuSlots slots) {
        return registration(new IssuanceSlotFilter(slots), 5, "/api/v2/signingCert", "/api/v1/signingCert");
    }

    /** {@code filter} on {@code urls}, at {@code HIGHEST_PRECEDENCE + rank}: the lower the rank, the earlier. */
    private static <F extends Filter> FilterRegistrationBean<F> registration(F filter, int rank, String... urls) {
        FilterRegistrationBean<F> bean = new FilterRegistrationBean<>(filter);
        bean.addUrlPatterns(urls);
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + rank);
        return bean;
    }
}
