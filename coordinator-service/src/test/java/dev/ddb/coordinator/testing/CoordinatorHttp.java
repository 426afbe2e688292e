package dev.ddb.coordinator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;

/**
 * A running coordinator as its HTTP clients see it, calling as the test admin unless told otherwise. Every call gives up after {@link #READ_TIMEOUT}, so an endpoint
 * that hangs fails its test instead of blocking it.
 */
public final class CoordinatorHttp {

    public static final Duration READ_TIMEOUT = Duration.ofSeconds(15);
    /** For tests whose writes may wait out a failover's hold: longer than any of them, so a hung request still fails. */
    public static final Duration PATIENT_READ_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration AWAIT_LIMIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A status code and the JSON body that came with it. */
    public record Answer(int status, JsonNode body) {

        public boolean succeeded() {
            return status == 200 && body.path("success").asBoolean(false);
        }

        /** The coordinator's stable error code, empty on success. */
        public String error() {
            return body.path("error").asString();
        }

        public long timestamp() {
            return body.path("timestamp").asLong();
        }

        /** The replicas a STRONG write names as having acknowledged it. */
        public List<String> acknowledgedBy() {
            return body.path("acknowledged_by").valueStream().map(JsonNode::asString).toList();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final RestClient client;

    public CoordinatorHttp(int port) {
        this(port, READ_TIMEOUT);
    }

    /**
     * On the JDK's HTTP client, which never sends a POST twice (HttpURLConnection may resend one whose keep-alive
     * connection broke, and a test that stops or fails over the coordinator must not see a write run twice).
     */
    public CoordinatorHttp(int port, Duration readTimeout) {
        this(port, readTimeout, TestCallers.authorization(Role.ADMIN));
    }

    /**
     * @param authorization the {@code Authorization} header every request carries, or null for none; by default the
     *     test admin's ({@link TestCallers}, which the tests' configuration makes known to every coordinator)
     */
    public CoordinatorHttp(int port, Duration readTimeout, String authorization) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build());
        requests.setReadTimeout(readTimeout);
        RestClient.Builder builder = RestClient.builder().baseUrl("http://127.0.0.1:" + port).requestFactory(requests);
        if (authorization != null) {
            builder.defaultHeader("Authorization", authorization);
        }
        this.client = builder.build();
    }

    public Answer get(String path) {
        return client.get().uri(path).exchange((request, response) ->
                new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    }

    /** The body of a GET that answers text, such as {@code /actuator/prometheus}. */
    public String getText(String path) {
        return client.get().uri(path).retrieve().body(String.class);
    }

    public Answer post(String path, String jsonBody) {
        RestClient.RequestBodySpec request = client.post().uri(path);
        if (jsonBody != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(jsonBody);
        }
        return request.exchange((sent, response) ->
                new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    }

    /** {@code POST} of a JSON object to any endpoint, such as {@code /admin/failover}. */
    public Answer post(String path, Map<String, Object> body) {
        return post(path, JSON.writeValueAsString(body));
    }

    public Answer query(String sql, String consistency) {
        return post("/query", Map.of("query", sql, "consistency", consistency));
    }

    /** An EVENTUAL read that only an instance which has applied {@code minTimestamp} may answer. */
    public Answer readAtLeast(String sql, long minTimestamp) {
        return post("/query", Map.of("query", sql, "consistency", "EVENTUAL", "min_timestamp", minTimestamp));
    }

    /** The body of {@code GET /status}. */
    public JsonNode status() {
        return get("/status").body();
    }

    /** Runs a write that must succeed and returns its answer. */
    public JsonNode write(String sql, String consistency) {
        Answer answer = query(sql, consistency);
        assertThat(answer.status()).as("%s -> %s", sql, answer.body()).isEqualTo(200);
        return answer.body();
    }

    /** Polls {@code probe} until {@code done} holds and returns that value; fails naming {@code what} if it never does. */
    public static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(AWAIT_LIMIT);
        T last = probe.get();
        while (!done.test(last)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("gave up waiting until " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
            last = probe.get();
        }
        return last;
    }

    /** The entry of {@code array} whose {@code id} is {@code id}, or a missing node. */
    public static JsonNode byId(JsonNode array, String id) {
        for (JsonNode element : array) {
            if (id.equals(element.path("id").asString(""))) {
                return element;
            }
        }
        return MissingNode.getInstance();
    }
}
