package dev.ddb.stress.client;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Sends statements to the coordinator's {@code POST /query}. One instance is shared by every client thread, each
 * request running on its caller's thread over a pooled keep-alive connection ({@link JsonHttpClient}). Failures keep
 * the JDK client's exception types ({@link HttpTimeoutException}, {@link ConnectException}, {@link IOException}),
 * which the callers count by kind.
 */
public final class CoordinatorClient {

    /**
     * The coordinator's answer.
     *
     * @param body the parsed JSON, or null when the body was not JSON (then {@code text} says what it was)
     */
    public record Answer(int status, JsonNode body, String text) {

        /** A 2xx status with {@code "success": true}; anything else is a failure, whatever the status says. */
        public boolean succeeded() {
            return status / 100 == 2 && body != null && body.path("success").asBoolean(false);
        }

        /** The HTTP status and the coordinator's stable error code, e.g. {@code 503 QUORUM_NOT_REACHED}. */
        public String errorKind() {
            if (body == null) {
                return status + " non-JSON answer";
            }
            String code = body.path("error").asString("");
            if (!code.isEmpty()) {
                return status + " " + code;
            }
            return status / 100 == 2 ? status + " success=false" : Integer.toString(status);
        }

        public String message() {
            return body == null ? text : body.path("message").asString(text);
        }
    }

    /**
     * A keep-alive connection of one client thread's own to {@code POST /query}, for a load's hot loop: it costs the
     * machine less CPU per request than the shared client ({@link KeepAliveConnection}). Not thread-safe.
     */
    public static final class Connection implements AutoCloseable {

        private final KeepAliveConnection connection;

        private Connection(KeepAliveConnection connection) {
            this.connection = connection;
        }

        /** As {@link CoordinatorClient#query}, on this connection. */
        public Answer query(String sql, List<Object> params, String consistency) throws IOException {
            return answer(connection.post(new QueryBody(sql, params, consistency, null).toJson()));
        }

        @Override
        public void close() {
            connection.close();
        }
    }

    private final JsonHttpClient http;
    private final String base;
    private final URI queryUri;
    private final Duration requestTimeout;
    private final Optional<String> authorization;

    /** A client whose every request carries the CLI's credentials ({@link ClientCredentials}). */
    public CoordinatorClient(URI coordinator, Duration requestTimeout) {
        this(coordinator, requestTimeout, ClientCredentials.authorization());
    }

    /** @param authorization the {@code Authorization} header every request carries, if any */
    public CoordinatorClient(URI coordinator, Duration requestTimeout, Optional<String> authorization) {
        String url = coordinator.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.queryUri = URI.create(base + "/query");
        this.requestTimeout = requestTimeout;
        this.authorization = authorization;
        this.http = new JsonHttpClient(requestTimeout, authorization);
    }

    /** A connection of its own for one client thread; it connects on its first query. */
    public Connection connection() {
        return new Connection(new KeepAliveConnection(queryUri, requestTimeout, authorization));
    }

    public URI queryUri() {
        return queryUri;
    }

    /**
     * @param params values for the {@code ?} placeholders, bound by the coordinator
     * @param consistency {@code STRONG} or {@code EVENTUAL}
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer query(String sql, List<Object> params, String consistency) throws IOException, InterruptedException {
        return answer(http.post(queryUri, new QueryBody(sql, params, consistency, null).toJson()));
    }

    /**
     * A GET of another endpoint, e.g. {@code /status}; {@link Answer#succeeded()} applies only to answers that carry
     * {@code success}.
     *
     * @param pathAndQuery starts with {@code /}, its query values already encoded
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return answer(http.get(URI.create(base + pathAndQuery)));
    }

    /**
     * A POST of a JSON body to another endpoint, e.g. {@code /admin/verify}; {@link Answer#succeeded()} applies only
     * to answers that carry {@code success}.
     *
     * @param path starts with {@code /}
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer post(String path, byte[] json) throws IOException, InterruptedException {
        return answer(http.post(URI.create(base + path), json));
    }

    /** The coordinator's base URL, without a trailing slash. */
    public String base() {
        return base;
    }

    private static Answer answer(JsonHttpClient.Reply reply) {
        return new Answer(reply.status(), reply.body(), reply.text());
    }
}
