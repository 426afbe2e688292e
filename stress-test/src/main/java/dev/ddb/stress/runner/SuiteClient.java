package dev.ddb.stress.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The coordinator endpoints the runner reads besides writes: {@code GET /status}, {@code GET /admin/current-quorum},
 * and {@code POST /query} with the read fields ({@code min_timestamp}) that the benchmark client does not send.
 */
final class SuiteClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One answer of the coordinator; {@code body} is null when it was not a JSON object. */
    record Answer(int status, JsonNode body) {

        boolean succeeded() {
            return status / 100 == 2 && body != null && body.path("success").asBoolean(false);
        }

        String errorKind() {
            String code = body == null ? "" : body.path("error").asString("");
            return code.isEmpty() ? Integer.toString(status) : status + " " + code;
        }

        String message() {
            return body == null ? "" : body.path("message").asString("");
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    SuiteClient(URI coordinator, Duration timeout) {
        String text = coordinator.toString();
        this.base = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    URI base() {
        return base;
    }

    JsonNode status() throws IOException, InterruptedException {
        return get("/status");
    }

    JsonNode currentQuorum() throws IOException, InterruptedException {
        return get("/admin/current-quorum");
    }

    /**
     * @param minTimestamp sent as {@code min_timestamp} when not null
     */
    Answer query(String sql, List<Object> params, String consistency, Long minTimestamp)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", sql);
        if (!params.isEmpty()) {
            body.put("params", params);
        }
        body.put("consistency", consistency);
        if (minTimestamp != null) {
            body.put("min_timestamp", minTimestamp);
        }
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/query")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), parse(response.body()));
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = parse(response.body());
        if (body == null) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + " without a JSON object");
        }
        return body;
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
