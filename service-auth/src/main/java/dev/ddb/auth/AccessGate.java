package dev.ddb.auth;

import java.util.Optional;

/**
 * The decision on every request to a service: the endpoint's rule, the cross-site rule for what changes state, then
 * the credentials against the rule's roles. Plain Java, so the servlet filter and a reactive one decide alike.
 */
public final class AccessGate {

    private final EndpointRules rules;
    private final Authenticator authenticator;
    private final AuthMode mode;
    private final CrossSiteRule crossSite;

    /** The table's rule for an endpoint, to look up once. */
    public EndpointRules.Rule rule(String method, String path) {
        return rules.match(method, path);
    }

    public AccessGate(EndpointRules rules, Authenticator authenticator, AuthMode mode, CrossSiteRule crossSite) {
        this.rules = rules;
        this.authenticator = authenticator;
        this.mode = mode;
        this.crossSite = crossSite;
    }

    public Verdict decide(AccessRequest request) {
        return decide(request, rules.match(request.method(), request.path()));
    }

    /** The rule an endpoint serving itself looked up once ({@link #rule}), for a request it knows matches it. */
    public Verdict decide(AccessRequest request, EndpointRules.Rule rule) {
        String endpoint = request.method() + " " + request.path();
        if (rule.changesState(request.method())) {
            Optional<String> refusal = crossSite.refusal(request.origin(), request.secFetchSite());
            if (refusal.isPresent()) {
                return new Verdict.Refused(403, "CROSS_SITE_REQUEST", refusal.get());
            }
        }
        Access access = rule.access();
        Authenticator.Outcome outcome = authenticator.authenticate(request.authorization());
        if (outcome instanceof Authenticator.Rejected rejected) {
            return new Verdict.Refused(401, "INVALID_CREDENTIALS", rejected.reason() + "; " + endpoint
                    + (access.openToAll() ? " takes valid credentials or none" : " needs " + access.describe()));
        }
        boolean exempt = access.openToAll() || (access.loopbackTrusted() && request.fromLoopback()
                && mode == AuthMode.LOOPBACK_TRUSTED);
        if (outcome instanceof Authenticator.Authenticated authenticated) {
            Caller caller = authenticated.caller();
            if (exempt || access.admits(caller)) {
                return new Verdict.Allowed(caller, exempt);
            }
            return new Verdict.Refused(403, "INSUFFICIENT_ROLE", endpoint + " needs " + access.describe() + "; '"
                    + caller.name() + "' has role " + caller.role().id());
        }
        if (exempt) {
            return new Verdict.Allowed(null, true);
        }
        return new Verdict.Refused(401, "AUTHENTICATION_REQUIRED", endpoint + " needs " + access.describe()
                + ": send Authorization: Bearer <token>, or Basic user:password (./ddb credentials prints them)");
    }
}
