package dev.ddb.auth;

/**
 * What the decision needs of one HTTP request, whatever server received it.
 *
 * @param path decoded and normalised, without the query string
 * @param fromLoopback the peer's address (never a forwarded header) is 127.0.0.0/8 or ::1
 * @param authorization the {@code Authorization} header, or null
 * @param origin the {@code Origin} header, or null
 * @param secFetchSite the {@code Sec-Fetch-Site} header, or null
 */
public record AccessRequest(String method, String path, boolean fromLoopback, String authorization, String origin,
                            String secFetchSite) {
}
