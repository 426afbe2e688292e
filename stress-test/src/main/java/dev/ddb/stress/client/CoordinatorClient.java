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
 * Sends statements to the coordinators' {@code POST /query}, and other requests to their endpoints, each to the
 * coordinator {@link CoordinatorUrls} chooses, moving on to the next when one does not answer. One instance is shared
 * by every client thread, each request running on its caller's thread over a pooled keep-alive connection
 * ({@link JsonHttpClient}). Failures keep the JDK client's exception types ({@link HttpTimeoutException},
 * {@link ConnectException}, {@link IOException}), which the callers count by kind.
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
     * machine less CPU per request than the shared client ({@link KeepAliveConnection}). It follows the client's
     * current coordinator, connecting again when that changes. Not thread-safe.
     */
    public final class Connection implements AutoCloseable {

        private KeepAliveConnection connection;
        private URI connectedTo;

        private Connection() {
        }

        /** As {@link CoordinatorClient#query}, on this connection. */
        public Answer query(String sql, List<Object> params, String consistency) throws IOException, InterruptedException {
            byte[] body = new QueryBody(sql, params, consistency, null).toJson();
            return answer(coordinators.send(base -> to(base).post(body), CoordinatorUrls.Retry.UNSENT_ONLY));
        }

        private KeepAliveConnection to(URI base) {
            if (!base.equals(connectedTo)) {
                close();
                connection = new KeepAliveConnection(queryUri(base), requestTimeout, authorization);
                connectedTo = base;
            }
            return connection;
        }

        @Override
        public void close() {
            if (connection != null) {
                connection.close();
                connection = null;
                connectedTo = null;
            }
        }
    }

    private final JsonHttpClient http;
    private final CoordinatorUrls coordinators;
    private final Duration requestTimeout;
    private final Optional<String> authorization;

    /** A client of one coordinator whose every request carries the CLI's credentials ({@link ClientCredentials}). */
    public CoordinatorClient(URI coordinator, Duration requestTimeout) {
        this(CoordinatorUrls.of(coordinator), requestTimeout);
    }

    /** A client whose every request carries the CLI's credentials ({@link ClientCredentials}). */
    public CoordinatorClient(CoordinatorUrls coordinators, Duration requestTimeout) {
        this(coordinators, requestTimeout, ClientCredentials.authorization());
    }

    /** @param authorization the {@code Authorization} header every request carries, if any */
    public CoordinatorClient(CoordinatorUrls coordinators, Duration requestTimeout, Optional<String> authorization) {
        this.coordinators = coordinators;
        this.requestTimeout = requestTimeout;
        this.authorization = authorization;
        this.http = new JsonHttpClient(requestTimeout, authorization);
    }

    /** A connection of its own for one client thread; it connects on its first query. */
    public Connection connection() {
        return new Connection();
    }

    /** The current coordinator's {@code /query}. */
    public URI queryUri() {
        return queryUri(coordinators.current());
    }

    private static URI queryUri(URI base) {
        return URI.create(base + "/query");
    }

    /**
     * @param params values for the {@code ?} placeholders, bound by the coordinator
     * @param consistency {@code STRONG} or {@code EVENTUAL}
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer query(String sql, List<Object> params, String consistency) throws IOException, InterruptedException {
        return query(new QueryBody(sql, params, consistency, null));
    }

    /**
     * As {@link #query(String, List, String)}, with every field of the body.
     *
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer query(QueryBody body) throws IOException, InterruptedException {
        byte[] json = body.toJson();
        return answer(coordinators.send(base -> http.post(queryUri(base), json), CoordinatorUrls.Retry.UNSENT_ONLY));
    }

    /**
     * A GET of another endpoint, e.g. {@code /status}; {@link Answer#succeeded()} applies only to answers that carry
     * {@code success}.
     *
     * @param pathAndQuery starts with {@code /}, its query values already encoded
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return answer(coordinators.send(base -> http.get(URI.create(base + pathAndQuery)),
                CoordinatorUrls.Retry.ANY_FAILURE));
    }

    /**
     * A POST of a JSON body to another endpoint, e.g. {@code /admin/verify}; {@link Answer#succeeded()} applies only
     * to answers that carry {@code success}.
     *
     * @param path starts with {@code /}
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer post(String path, byte[] json) throws IOException, InterruptedException {
        return answer(coordinators.send(base -> http.post(URI.create(base + path), json),
                CoordinatorUrls.Retry.UNSENT_ONLY));
    }

    /** The current coordinator's base URL, without a trailing slash. */
    public String base() {
        return coordinators.current().toString();
    }

    public CoordinatorUrls coordinators() {
        return coordinators;
    }

    private static Answer answer(JsonHttpClient.Reply reply) {
        return new Answer(reply.status(), reply.body(), reply.text());
    }
}
