package dev.ddb.auth.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.ddb.auth.Role;

/**
 * Calls every endpoint of a running service as nobody and as each {@link TestCallers} role, over real HTTP to
 * 127.0.0.1, and lists every answer that is not what the endpoint's roles promise: 401 without credentials, 403 for a
 * role it does not admit (both in the suite's error shape), anything else for one it admits.
 */
public final class AccessMatrix {

    /**
     * @param admitted the roles that may call it; empty: anyone, credentials or not
     * @param jsonBody sent with {@code Content-Type: application/json}, or null for no body
     */
    public record Endpoint(String method, String pathAndQuery, String jsonBody, Set<Role> admitted) {
    }

    public static Endpoint get(String pathAndQuery, Role... admitted) {
        return new Endpoint("GET", pathAndQuery, null, roles(admitted));
    }

    public static Endpoint post(String pathAndQuery, String jsonBody, Role... admitted) {
        return new Endpoint("POST", pathAndQuery, jsonBody, roles(admitted));
    }

    private static Set<Role> roles(Role... admitted) {
        return admitted.length == 0 ? Set.of() : EnumSet.of(admitted[0], admitted);
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private AccessMatrix() {
    }

    /** Every mismatch, one line each naming the endpoint, the caller, what came and what was due; empty when none. */
    public static List<String> violations(int port, List<Endpoint> endpoints) throws IOException, InterruptedException {
        List<String> violations = new ArrayList<>();
        for (Endpoint endpoint : endpoints) {
            check(port, endpoint, null, violations);
            for (Role role : Role.values()) {
                check(port, endpoint, role, violations);
            }
        }
        return violations;
    }

    private static void check(int port, Endpoint endpoint, Role role, List<String> violations)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = send(port, endpoint, role == null ? null : TestCallers.authorization(role));
        int status = answer.statusCode();
        String expected;
        boolean ok;
        if (endpoint.admitted().isEmpty() || (role != null && endpoint.admitted().stream().anyMatch(r -> role.grants().contains(r)))) {
            expected = "neither 401 nor 403";
            ok = status != 401 && status != 403;
        } else {
            int due = role == null ? 401 : 403;
            String code = role == null ? "AUTHENTICATION_REQUIRED" : "INSUFFICIENT_ROLE";
            expected = due + " {\"success\":false,\"error\":\"" + code + "\",...}";
            ok = status == due && answer.body().startsWith("{\"success\":false,\"error\":\"" + code + "\",\"message\":\"")
                    && answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json");
        }
        if (!ok) {
            violations.add(endpoint.method() + " " + endpoint.pathAndQuery() + " as " + (role == null ? "nobody" : role.id())
                    + ": " + status + " " + answer.body() + ", expected " + expected);
        }
    }

    /** One request to 127.0.0.1, with these headers (name, value, name, value, ...) besides the body's type. */
    public static HttpResponse<String> send(int port, Endpoint endpoint, String authorization, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + endpoint.pathAndQuery()))
                .timeout(Duration.ofSeconds(30))
                .method(endpoint.method(), endpoint.jsonBody() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(endpoint.jsonBody()));
        if (endpoint.jsonBody() != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
