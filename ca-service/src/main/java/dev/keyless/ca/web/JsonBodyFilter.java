package dev.keyless.ca.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the body of a certificate request as JSON whatever its Content-Type, as Fulcio's gateway does (grpc-gateway
 * registers its JSON marshaler for every MIME type, fulcio.md §1.1). Without it, {@code curl -d @request.json}
 * (form-encoded by default) or a request with no Content-Type would get 415 here and a certificate from Fulcio.
 * Only the signing endpoints' POSTs are affected; the body itself is not touched.
 */
public class JsonBodyFilter extends OncePerRequestFilter {
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getContentType() {
                return JSON;
            }

            @Override
            public String getHeader(String name) {
                return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name) ? JSON : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)
                        ? Collections.enumeration(List.of(JSON)) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = Collections.list(super.getHeaderNames());
                if (names.stream().noneMatch(HttpHeaders.CONTENT_TYPE::equalsIgnoreCase)) {
                    names.add(HttpHeaders.CONTENT_TYPE);
                }
                return Collections.enumeration(names);
            }
        }, response);
    }
}
