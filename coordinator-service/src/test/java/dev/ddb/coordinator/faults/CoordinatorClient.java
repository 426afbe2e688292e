package dev.ddb.coordinator.faults;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /query} over HTTP, answering with status and body whatever the status is. */
final class CoordinatorClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RestClient http;

    /** Longer than any write may wait here (a failover's hold included), so a request that hangs fails its test. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(90);

    CoordinatorClient(int port) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory();
        requests.setReadTimeout(READ_TIMEOUT);
        this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port).requestFactory(requests).build();
    }

    record Answer(int status, JsonNode body) {

        boolean succeeded() {
            return status == 200 && body.path("success").asBoolean(false);
        }

        String error() {
            return body.path("error").asString();
        }

        long timestamp() {
            return body.path("timestamp").asLong();
        }

        List<String> acknowledgedBy() {
            return body.path("acknowledged_by").valueStream().map(JsonNode::asString).toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Answer query(String sql, String consistency) {
        return post(Map.of("query", sql, "consistency", consistency));
    }

    /** An EVENTUAL read that only an instance which has applied {@code minTimestamp} may answer. */
    Answer readAtLeast(String sql, long minTimestamp) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", sql);
        body.put("consistency", "EVENTUAL");
        body.put("min_timestamp", minTimestamp);
        return post(body);
    }

    /** {@code GET /status}. */
    JsonNode status() {
        return http.get().uri("/status").exchange((request, response) -> JSON.readTree(response.getBody()));
    }

    /** {@code POST} of a JSON body to any endpoint, such as {@code /admin/failover}. */
    Answer post(String path, Map<String, Object> body) {
        return http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body))
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    }

    /** {@code GET} of any endpoint, such as {@code /admin/topology}. */
    JsonNode get(String path) {
        return http.get().uri(path).exchange((request, response) -> JSON.readTree(response.getBody()));
    }

    private Answer post(Map<String, Object> body) {
        return http.post().uri("/query").contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body))
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    }
}
