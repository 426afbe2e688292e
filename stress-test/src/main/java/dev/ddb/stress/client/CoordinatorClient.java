package dev.ddb.stress.client;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends statements to the coordinator's {@code POST /query}. One instance is shared by every client thread: the
 * underlying HTTP/1.1 client opens a connection per concurrent request and keeps it for the next one.
 */
public final class CoordinatorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The request body of {@code POST /query} for one statement. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record QueryBody(String query, List<Object> params, String consistency) {
    }

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

    private final HttpClient http;
    private final String base;
    private final URI queryUri;
    private final Duration requestTimeout;

    public CoordinatorClient(URI coordinator, Duration requestTimeout) {
        String url = coordinator.toString();
        this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.queryUri = URI.create(base + "/query");
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
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
        HttpRequest request = HttpRequest.newBuilder(queryUri)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(new QueryBody(sql, params, consistency))))
                .build();
        return send(request);
    }

    /**
     * A GET of another endpoint, e.g. {@code /status}; {@link Answer#succeeded()} applies only to answers that carry
     * {@code success}.
     *
     * @param pathAndQuery starts with {@code /}, its query values already encoded
     * @throws IOException when no HTTP answer came (refused, reset, timed out)
     */
    public Answer get(String pathAndQuery) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(requestTimeout).GET().build());
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), parse(response.body()), response.body());
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }
}
