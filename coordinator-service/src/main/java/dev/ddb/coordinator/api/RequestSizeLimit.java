package dev.ddb.coordinator.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 413 before reading a body larger than the configured limit. A body without a declared
 * length is counted as it is read and refused at the limit.
 */
class RequestSizeLimit extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            response.setStatus(413);
            response.setContentType("application/json");
            response.getWriter().write("{\"success\":false,\"error\":\"PAYLOAD_TOO_LARGE\",\"message\":\"The request body has "
                    + declared + " bytes; the limit is " + maxBytes + " bytes (ddb.coordinator.max-request-size).\"}");
            return;
        }
        chain.doFilter(declared >= 0 ? request : new LimitedBodyRequest(request, maxBytes), response);
    }
}
