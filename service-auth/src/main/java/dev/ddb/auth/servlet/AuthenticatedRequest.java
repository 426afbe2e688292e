package dev.ddb.auth.servlet;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import dev.ddb.auth.Caller;
import dev.ddb.auth.Role;

/** A request whose sender's credentials were verified: the servlet API's user and roles answer with them. */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    private final Caller caller;

    AuthenticatedRequest(HttpServletRequest request, Caller caller) {
        super(request);
        this.caller = caller;
    }

    @Override
    public Principal getUserPrincipal() {
        return caller;
    }

    @Override
    public String getRemoteUser() {
        return caller.name();
    }

    @Override
    public boolean isUserInRole(String role) {
        try {
            return caller.actsAs(Role.parse(role));
        } catch (IllegalArgumentException unknownRole) {
            return false;
        }
    }
}
