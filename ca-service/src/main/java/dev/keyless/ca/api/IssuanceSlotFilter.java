package dev.keyless.ca.api;

import dev.keyless.ca.issuance.CpuSlots;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Runs a signing request's work in an issuance slot ({@link CpuSlots}): parsing, the token, the proof of possession,
 * signing, and writing the answer. It comes after {@link RequestSizeLimitFilter}, so the body is already in memory,
 * and the answer is buffered and sent after the slot is given back: no slot ever waits on a client's network.
 */
public class IssuanceSlotFilter extends OncePerRequestFilter {
    private final CpuSlots slots;

    public IssuanceSlotFilter(CpuSlots slots) {
        this.slots = slots;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!slots.enter(SigningCertificateService.SLOT_WAIT)) {
            ConcurrencyLimitFilter.busy(request, response);
            return;
        }
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(request, answer);
        } finally {
            slots.leave();
        }
        answer.copyBodyToResponse();
    }
}
