package dev.ddb.auth;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Keeps web pages from changing anything: a browser sends credentials it holds, and a page on any site may make it
 * send requests to 127.0.0.1, where the loopback exception asks for none. So on endpoints that change state a request
 * is refused when its {@code Origin} is not one of {@code DDB_CORS_ALLOWED_ORIGINS} (empty by default), and when it
 * says {@code Sec-Fetch-Site: cross-site} without an allowed {@code Origin} (a form or image request of another site
 * may carry no {@code Origin} at all). Requests without either header (curl, the services, the CLI) pass.
 */
public final class CrossSiteRule {

    private final Set<String> allowedOrigins;

    private CrossSiteRule(Set<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    /** @param origins comma-separated exact origins ({@code https://dash.example:8443}); blank allows none */
    public static CrossSiteRule allowing(String origins) {
        if (origins == null || origins.isBlank()) {
            return new CrossSiteRule(Set.of());
        }
        return new CrossSiteRule(Arrays.stream(origins.split(","))
                .map(String::trim)
                .filter(o -> !o.isEmpty())
                .map(o -> o.endsWith("/") ? o.substring(0, o.length() - 1) : o)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** Why the request is refused, or empty when it may go on. */
    public Optional<String> refusal(String origin, String secFetchSite) {
        boolean originAllowed = origin != null && allowedOrigins.contains(origin.trim());
        if (origin != null && !originAllowed) {
            return Optional.of("a request from the web page origin " + origin.trim()
                    + " may not change anything here: that origin is not in DDB_CORS_ALLOWED_ORIGINS");
        }
        if (secFetchSite != null && secFetchSite.trim().equalsIgnoreCase("cross-site") && !originAllowed) {
            return Optional.of("a request a browser marked Sec-Fetch-Site: cross-site may not change anything here");
        }
        return Optional.empty();
    }

    public int size() {
        return allowedOrigins.size();
    }
}
