package dev.ddb.auth.servlet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.ddb.auth.AccessGate;
import dev.ddb.auth.AccessRequest;
import dev.ddb.auth.Loopback;
import dev.ddb.auth.Verdict;

/**
 * Asks the {@link AccessGate} about every request before Spring MVC sees it, and answers a refusal itself in the
 * suite's error shape. An allowed caller becomes the request's user principal, so actuator's
 * {@code show-details: when-authorized} shows health details to the roles named in {@code management.endpoint.health.roles}.
 */
public final class AccessFilter extends OncePerRequestFilter implements Ordered {

    /** After the observation filter, so refused requests are counted in {@code http.server.requests} too. */
    static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final AccessGate gate;

    public AccessFilter(AccessGate gate) {
        this.gate = gate;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Verdict verdict = gate.decide(new AccessRequest(request.getMethod(), path(request),
                Loopback.isLoopback(request.getRemoteAddr()), request.getHeader("Authorization"),
                request.getHeader("Origin"), request.getHeader("Sec-Fetch-Site")));
        if (verdict instanceof Verdict.Allowed allowed) {
            chain.doFilter(allowed.caller() == null ? request : new AuthenticatedRequest(request, allowed.caller()), response);
        } else if (verdict instanceof Verdict.Refused refused) {
            response.setStatus(refused.status());
            refused.challenges().forEach(challenge -> response.addHeader("WWW-Authenticate", challenge));
            response.setContentType("application/json");
            byte[] body = refused.json().getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }

    /** The servlet container's decoded, normalised path ({@code ..} resolved, {@code ;params} gone), not the raw URI. */
    private static String path(HttpServletRequest request) {
        String pathInfo = request.getPathInfo();
        return pathInfo == null ? request.getServletPath() : request.getServletPath() + pathInfo;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
