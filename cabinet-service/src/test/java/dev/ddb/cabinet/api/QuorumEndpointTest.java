package dev.ddb.cabinet.api;

import static dev.ddb.cabinet.api.StandInMetricsServer.Instance.master;
import static dev.ddb.cabinet.api.StandInMetricsServer.Instance.replica;
import static dev.ddb.cabinet.api.StandInMetricsServer.Instance.unhealthy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import dev.ddb.cabinet.api.StandInMetricsServer.Behaviour;
import dev.ddb.cabinet.api.StandInMetricsServer.Instance;
import dev.ddb.cabinet.quorum.Cabinet;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /select-quorum} and {@code /check-quorum} over HTTP, fed by a stand-in metrics-service over HTTP. The
 * metrics cache is off so every request sees what the stand-in serves at that moment.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.USERS_PROPERTY, TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
class QuorumEndpointTest {

    private static final StandInMetricsServer metrics = new StandInMetricsServer().start();
    private static final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final HttpClient httpClient = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry circuitBreakers;

    @DynamicPropertySource
    static void pointAtStandIn(DynamicPropertyRegistry registry) {
        registry.add("ddb.cabinet.metrics-url", metrics::url);
        registry.add("ddb.cabinet.metrics-cache-ttl", () -> "0s");
        // Slack for a busy CI machine, still well below the stand-in's slow answer.
        registry.add("ddb.cabinet.metrics-connect-timeout", () -> "2s");
        registry.add("ddb.cabinet.metrics-read-timeout", () -> "2s");
    }

    @AfterAll
    static void stopStandIn() {
        metrics.stop();
    }

    @BeforeEach
    void healthyFourNodeCluster() {
        metrics.start();
        metrics.behave(Behaviour.CORRECT);
        serve(master("instance-1", 3.0), replica("instance-2", 1.0, 0), replica("instance-3", 2.0, 0),
                replica("instance-4", 2.5, 0));
        circuitBreakers.circuitBreaker("metrics").reset();
    }

    @Test
    void metricsServiceIsAskedWithTheServiceToken() {
        post("/select-quorum", "{\"operation\": \"write\"}").ok();

        assertThat(metrics.lastAuthorization()).isEqualTo("Bearer " + TestCallers.SERVICE_TOKEN);
    }

    @Test
    void papersFourNodeNumbersComeOutExactlyWithTheMasterHeaviest() {
        JsonNode answer = post("/select-quorum", "{\"operation\": \"write\"}").ok();

        assertThat(answer.get("ratio").decimalValue()).isEqualByComparingTo("1.839");
        assertThat(answer.get("failure_threshold").intValue()).isEqualTo(1);
        assertThat(answer.get("master").stringValue()).isEqualTo("instance-1");
        assertThat(answer.get("total_replicas").intValue()).isEqualTo(4);
        assertThat(answer.get("quorum_size").intValue()).isEqualTo(2);
        assertThat(ids(answer.get("quorum"))).containsExactly("instance-1", "instance-2");
        assertThat(ids(answer.get("weights"))).containsExactly("instance-1", "instance-2", "instance-3", "instance-4");
        List<BigDecimal> exact = Cabinet.weights(4, new BigDecimal("1.839"));
        List<BigDecimal> served = decimals(answer.get("weights"));
        for (int i = 0; i < 4; i++) {
            assertThat(served.get(i)).isEqualByComparingTo(exact.get(i));
        }
        assertThat(served).map(BigDecimal::doubleValue).satisfiesExactly(
                w -> assertThat(w).isCloseTo(6.22, within(0.005)),
                w -> assertThat(w).isCloseTo(3.38, within(0.005)),
                w -> assertThat(w).isCloseTo(1.84, within(0.005)),
                w -> assertThat(w).isCloseTo(1.00, within(0.005)));
        BigDecimal total = exact.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(answer.get("total_weight").decimalValue()).isEqualByComparingTo(total);
        assertThat(answer.get("threshold").decimalValue()).isEqualByComparingTo(total.divide(BigDecimal.valueOf(2)));
    }

    @Test
    void slowestReplicaGetsTheLowestWeight() {
        serve(master("instance-1", 1.0), replica("instance-2", 250.0, 0), replica("instance-3", 2.0, 0),
                replica("instance-4", 3.0, 0));

        JsonNode answer = post("/select-quorum", "{}").ok();

        assertThat(ids(answer.get("weights"))).containsExactly("instance-1", "instance-3", "instance-4", "instance-2");
        assertThat(answer.get("weights").get("instance-2").decimalValue()).isEqualByComparingTo("1");
    }

    @Test
    void laggingReplicaDropsBelowSlowerButCurrentOnes() {
        serve(master("instance-1", 1.0), replica("instance-2", 1.0, 500), replica("instance-3", 5.0, 0),
                replica("instance-4", 6.0, 0));

        JsonNode answer = post("/select-quorum", "{}").ok();

        assertThat(ids(answer.get("weights"))).containsExactly("instance-1", "instance-3", "instance-4", "instance-2");
        assertThat(ids(answer.get("quorum"))).containsExactly("instance-1", "instance-3");
    }

    @Test
    void unhealthyReplicaGetsTheSmallestWeightAndStaysOutOfTheCabinet() {
        serve(master("instance-1", 1.0), unhealthy("instance-2"), replica("instance-3", 30.0, 10),
                replica("instance-4", 40.0, 10));

        JsonNode answer = post("/select-quorum", "{}").ok();

        assertThat(ids(answer.get("weights"))).containsExactly("instance-1", "instance-3", "instance-4", "instance-2");
        assertThat(ids(answer.get("quorum"))).doesNotContain("instance-2");
    }

    @Test
    void excludedReplicaIsWeighedLast() {
        JsonNode answer = post("/select-quorum", "{\"operation\": \"write\", \"exclude\": [\"instance-2\"]}").ok();

        assertThat(ids(answer.get("weights"))).containsExactly("instance-1", "instance-3", "instance-4", "instance-2");
        assertThat(ids(answer.get("quorum"))).containsExactly("instance-1", "instance-3");
    }

    @Test
    void excludingTheMasterOrAnUnknownInstanceIsRejected() {
        Answer master = post("/select-quorum", "{\"exclude\": [\"instance-1\"]}");
        Answer unknown = post("/select-quorum", "{\"exclude\": [\"instance-9\"]}");

        master.assertError(400, "INVALID_EXCLUDE", "instance-1: it is the master");
        unknown.assertError(400, "INVALID_EXCLUDE", "[instance-9]");
    }

    @Test
    void noBodyMeansTheSameAsAnEmptyObject() {
        JsonNode withoutBody = post("/select-quorum", null).ok();
        JsonNode empty = post("/select-quorum", "{}").ok();

        assertThat(withoutBody).isEqualTo(empty);
    }

    @Test
    void masterWithOneReplicaIsAQuorumButTheMasterAloneIsNot() {
        JsonNode withReplica = post("/check-quorum", "{\"acknowledged_by\": [\"instance-1\", \"instance-4\"]}").ok();
        JsonNode alone = post("/check-quorum", "{\"acknowledged_by\": [\"instance-1\"]}").ok();

        assertThat(withReplica.get("satisfied").booleanValue()).isTrue();
        assertThat(withReplica.get("weight").decimalValue())
                .isGreaterThan(withReplica.get("threshold").decimalValue());
        assertThat(alone.get("satisfied").booleanValue()).isFalse();
        assertThat(alone.get("weight").decimalValue()).isEqualByComparingTo("6.219352719");
        assertThat(alone.get("weight").decimalValue()).isLessThan(alone.get("threshold").decimalValue());
    }

    @Test
    void unknownAcknowledgersWeighNothingAndAreNamed() {
        JsonNode answer = post("/check-quorum", "{\"acknowledged_by\": [\"instance-1\", \"stranger\"]}").ok();

        assertThat(answer.get("satisfied").booleanValue()).isFalse();
        assertThat(answer.get("weight").decimalValue()).isEqualByComparingTo("6.219352719");
        assertThat(ids(answer.get("unknown"))).containsExactly("stranger");
    }

    @Test
    void metricsServiceDownAnswers503WithoutWeights() {
        metrics.stop();

        post("/select-quorum", "{}").assertError(503, "METRICS_UNAVAILABLE", "cannot connect");
        post("/check-quorum", "{\"acknowledged_by\": [\"instance-1\"]}").assertError(503, "METRICS_UNAVAILABLE",
                "cannot connect");
    }

    @Test
    void garbageFromMetricsServiceAnswers503() {
        metrics.behave(Behaviour.GARBAGE);

        post("/select-quorum", "{}").assertError(503, "METRICS_UNAVAILABLE", "unreadable answer");
    }

    @Test
    void metricsServiceSlowerThanTheReadTimeoutAnswers503() {
        metrics.behave(Behaviour.SLOW);

        post("/select-quorum", "{}").assertError(503, "METRICS_UNAVAILABLE", "no answer within the timeout");
    }

    @Test
    void oneFailedFetchIsRetried() {
        metrics.behave(Behaviour.FAIL_ONCE);
        int before = metrics.requests();

        post("/select-quorum", "{}").ok();

        assertThat(metrics.requests() - before).isEqualTo(2);
    }

    @Test
    void openCircuitStopsCallingMetricsService() {
        metrics.behave(Behaviour.UNAVAILABLE);
        post("/select-quorum", "{}").assertError(503, "METRICS_UNAVAILABLE", "HTTP 503");
        post("/select-quorum", "{}").assertError(503, "METRICS_UNAVAILABLE", "HTTP 503");
        int before = metrics.requests();

        post("/select-quorum", "{}").assertError(503, "METRICS_UNAVAILABLE",
                "circuit breaker is open after recent failures (last: HTTP 503");

        assertThat(metrics.requests()).isEqualTo(before);
    }

    @Test
    void noInstanceReportingMasterAnswers503NoMaster() {
        serve(replica("instance-1", 1.0, 0), replica("instance-2", 1.0, 0), replica("instance-3", 1.0, 0));

        post("/select-quorum", "{}").assertError(503, "NO_MASTER", "no instance reports is_master");
    }

    @Test
    void fewerThanThreeNodesAnswers409WithTheAlgorithmsReason() {
        serve(master("instance-1", 1.0), replica("instance-2", 1.0, 0));

        post("/select-quorum", "{}").assertError(409, "CLUSTER_TOO_SMALL",
                "Cabinet needs at least 3 nodes to tolerate one failure, the cluster has 2");
    }

    @Test
    void badBodiesAnswer400NamingTheProblem() {
        post("/select-quorum", "{\"operation\": \"read\"}").assertError(400, "UNSUPPORTED_OPERATION",
                "operation 'read' is not supported");
        post("/select-quorum", "{\"exclude\": [\"instance-2\"], \"quorum\": 3}").assertError(400, "UNKNOWN_FIELD",
                "'quorum'");
        post("/select-quorum", "{\"exclude\": \"instance-2\"}").assertError(400, "MALFORMED_JSON", "");
        post("/select-quorum", "{\"operation\": ").assertError(400, "MALFORMED_JSON", "");
        post("/select-quorum", "{\"exclude\": [\"instance-2\"], \"exclude\": []}").assertError(400, "MALFORMED_JSON", "");
        post("/select-quorum", "{\"exclude\": [\"\"]}").assertError(400, "INVALID_FIELD", "exclude");
        post("/check-quorum", "{}").assertError(400, "MISSING_FIELD", "acknowledged_by is required");
        post("/check-quorum", "{\"acknowledged\": [\"instance-1\"]}").assertError(400, "UNKNOWN_FIELD",
                "'acknowledged'");
    }

    @Test
    void healthNamesTheMasterWhileMetricsServiceAnswers() {
        Answer health = get("/actuator/health/metricsSource");

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").stringValue()).isEqualTo("UP");
        assertThat(health.body().get("details").get("master").stringValue()).isEqualTo("instance-1");
    }

    @Test
    void unreachableMetricsServiceShowsInHealthWhileTheServiceStaysUp() {
        metrics.stop();

        Answer overall = get("/actuator/health");
        Answer source = get("/actuator/health/metricsSource");

        assertThat(overall.status()).isEqualTo(200);
        assertThat(overall.body().get("status").stringValue()).isEqualTo("UP");
        assertThat(overall.body().get("components").get("metricsSource").get("status").stringValue())
                .isEqualTo("UNREACHABLE");
        assertThat(source.status()).isEqualTo(503);
        assertThat(source.body().get("details").get("error").stringValue()).contains("cannot connect");
    }

    private static void serve(Instance... instances) {
        metrics.serve(List.of(instances));
    }

    private Answer post(String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestCallers.authorization(Role.SERVICE));
        if (body == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        return send(request.build());
    }

    private Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", TestCallers.authorization(Role.ADMIN)).GET().build());
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = httpClient.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), json.readTree(response.body()));
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static List<String> ids(JsonNode node) {
        List<String> ids = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(element -> ids.add(element.stringValue()));
        } else {
            ids.addAll(node.propertyNames());
        }
        return ids;
    }

    private static List<BigDecimal> decimals(JsonNode weights) {
        List<BigDecimal> values = new ArrayList<>();
        weights.forEach(weight -> values.add(weight.decimalValue()));
        return values;
    }

    private record Answer(int status, JsonNode body) {

        JsonNode ok() {
            assertThat(status).as("status of %s", body).isEqualTo(200);
            return body;
        }

        void assertError(int expectedStatus, String code, String messagePart) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(body.get("success").booleanValue()).isFalse();
            assertThat(body.get("error").stringValue()).isEqualTo(code);
            assertThat(body.get("message").stringValue()).contains(messagePart);
        }
    }
}
