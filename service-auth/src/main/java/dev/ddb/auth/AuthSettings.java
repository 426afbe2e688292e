package dev.ddb.auth;

import java.util.function.UnaryOperator;

/**
 * Who may call a service, from its environment:
 * <ul>
 * <li>{@code DDB_AUTH}: {@code required} treats every caller as a remote one; blank or {@code loopback} keeps the
 * loopback exception.</li>
 * <li>{@code DDB_USERS}: {@code name:role:pbkdf2-hash} entries, comma- or space-separated.</li>
 * <li>{@code DDB_TOKENS}: {@code name:role:sha256-hex} entries, comma- or space-separated.</li>
 * <li>{@code DDB_SERVICE_TOKEN}: the token the services send each other (role service), or
 * {@code DDB_SERVICE_TOKEN_SHA256}, its digest, for a service that only receives it.</li>
 * <li>{@code DDB_CORS_ALLOWED_ORIGINS}: web page origins allowed to change state, comma-separated; blank: none.</li>
 * </ul>
 */
public record AuthSettings(AuthMode mode, Users users, Tokens tokens, CrossSiteRule crossSite) {

    public static final String AUTH = "DDB_AUTH";
    public static final String USERS = "DDB_USERS";
    public static final String TOKENS = "DDB_TOKENS";
    public static final String SERVICE_TOKEN = "DDB_SERVICE_TOKEN";
    public static final String SERVICE_TOKEN_SHA256 = "DDB_SERVICE_TOKEN_SHA256";
    public static final String CORS_ALLOWED_ORIGINS = "DDB_CORS_ALLOWED_ORIGINS";

    /** The name the service token's calls go by in messages. */
    public static final String SERVICE_CALLER = "service";

    /**
     * @param environment a variable's value by name, null when unset
     * @throws IllegalArgumentException naming the variable that is wrong (never its secret)
     */
    public static AuthSettings from(UnaryOperator<String> environment) {
        Tokens tokens = Tokens.parse(environment.apply(TOKENS));
        String serviceToken = environment.apply(SERVICE_TOKEN);
        String serviceDigest = environment.apply(SERVICE_TOKEN_SHA256);
        Caller service = new Caller(SERVICE_CALLER, Role.SERVICE);
        if (serviceToken != null && !serviceToken.isBlank()) {
            tokens = tokens.with(service, Sha256.hex(serviceToken.trim()));
        } else if (serviceDigest != null && !serviceDigest.isBlank()) {
            try {
                tokens = tokens.with(service, serviceDigest);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(SERVICE_TOKEN_SHA256 + ": " + e.getMessage(), e);
            }
        }
        return new AuthSettings(AuthMode.parse(environment.apply(AUTH)), Users.parse(environment.apply(USERS)), tokens,
                CrossSiteRule.allowing(environment.apply(CORS_ALLOWED_ORIGINS)));
    }

    public AccessGate gate(EndpointRules rules) {
        return new AccessGate(rules, new Authenticator(users, tokens), mode, crossSite);
    }

    /** One line for a start-up log: counts and modes, never a secret. */
    public String summary() {
        return "access: " + (mode == AuthMode.REQUIRED ? "credentials required from every address"
                : "loopback exception on the endpoints that allow it") + "; " + users.size() + " user(s), "
                + tokens.size() + " token(s) (the service token included); " + crossSite.size()
                + " web origin(s) allowed to change state";
    }
}
