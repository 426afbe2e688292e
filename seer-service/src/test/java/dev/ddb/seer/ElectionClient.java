package dev.ddb.seer;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Calls a running seer-service over HTTP as the coordinator (elections) or an operator (actuator) would. */
final class ElectionClient {

    record Answer(int status, JsonNode body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final URI base;

    ElectionClient(int port) {
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    Answer elect(String body) {
        return send(HttpRequest.newBuilder(base.resolve("/elect-leader"))
                .header("Authorization", TestCallers.authorization(Role.SERVICE))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Answer electWithoutBody() {
        return send(HttpRequest.newBuilder(base.resolve("/elect-leader"))
                .header("Authorization", TestCallers.authorization(Role.SERVICE)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Answer get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", TestCallers.authorization(Role.ADMIN)).GET());
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
