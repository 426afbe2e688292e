package dev.ddb.stress.runner;

import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.client.QueryBody;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The coordinator endpoints the runner reads besides writes: {@code GET /status}, {@code GET /admin/current-quorum},
 * and {@code POST /query} with the read fields ({@code min_timestamp}) that the benchmark client does not send.
 */
final class SuiteClient {

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

    private final CoordinatorClient client;

    /** @param timeout how long an answer may take; connecting may take up to 5 seconds */
    SuiteClient(CoordinatorUrls coordinators, Duration timeout) {
        this.client = new CoordinatorClient(coordinators, timeout);
    }

    CoordinatorUrls coordinators() {
        return client.coordinators();
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
        CoordinatorClient.Answer answer = client.query(new QueryBody(sql, params, consistency, minTimestamp));
        return new Answer(answer.status(), answer.body());
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        CoordinatorClient.Answer answer = client.get(path);
        if (answer.body() == null) {
            throw new IOException("GET " + path + " answered " + answer.status() + " without a JSON object");
        }
        return answer.body();
    }
}
