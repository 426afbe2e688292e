package dev.ddb.timestamp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP, so tests see exactly the status and JSON a client sees; as the test admin, who may call everything. */
public final class TimestampClient {

    public record Answer(int status, JsonNode body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;

    public TimestampClient(int port) {
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public Answer get(String pathAndQuery) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", TestCallers.authorization(Role.ADMIN))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + pathAndQuery, e);
        }
    }

    public String getText(String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .header("Authorization", TestCallers.authorization(Role.ADMIN)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The timestamp of a successful answer. */
    public long timestamp(String pathAndQuery) throws IOException {
        Answer answer = get(pathAndQuery);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + answer.status() + " " + answer.body());
        }
        return answer.body().get("timestamp").asLong();
    }
}
