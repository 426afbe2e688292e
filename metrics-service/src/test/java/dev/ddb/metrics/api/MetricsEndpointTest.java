package dev.ddb.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.LocalServersExtension;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /metrics} end to end: the service polling four real servers. */
@LocalServers(count = 4)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.USERS_PROPERTY, TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
@DirtiesContext
class MetricsEndpointTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> INSTANCES = List.of("instance-1", "instance-2", "instance-3", "instance-4");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    record Answer(int status, JsonNode body) {
    }

    @DynamicPropertySource
    static void cluster(DynamicPropertyRegistry registry) {
        registry.add("ddb.metrics.instances", () -> LocalServersExtension.currentCluster().topology().spec());
        registry.add("ddb.metrics.poll-interval", () -> "200ms");
    }

    @Test
    void everyInstanceIsReportedHealthyInConfigurationOrderWithPlausibleLatencyAndUptime() {
        JsonNode metrics = awaitMetrics("every instance healthy", MetricsEndpointTest::allHealthy);

        List<String> ids = new ArrayList<>();
        for (JsonNode replica : metrics.get("replicas")) {
            ids.add(replica.get("replica_id").asString());
            assertThat(replica.get("latency_ms").asDouble()).isPositive().isLessThan(1000);
            assertThat(replica.get("avg_latency_ms").asDouble()).isPositive().isLessThan(1000);
            assertThat(replica.get("uptime_seconds").asLong()).isNotNegative().isLessThan(86_400);
            assertThat(replica.get("applied_ts").asLong()).isZero();
            assertThat(replica.get("replication_lag").asLong()).isZero();
            assertThat(replica.get("epoch").asLong()).isZero();
            assertThat(replica.get("is_master").asBoolean()).isFalse();
            assertThat(replica.get("last_error").isNull()).isTrue();
            assertThat(Instant.parse(replica.get("last_updated").asString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(replica.get("observed_apply_latency_ms")).isNotNull();
        }
        assertThat(ids).isEqualTo(INSTANCES);
        assertThat(metrics.get("master_timestamp").asLong()).isZero();
    }

    @Test
    void masterIsTheInstanceWithTheMasterRoleAtTheHighestEpochAndLagIsMeasuredFromItsLog(TestCluster cluster)
            throws SQLException {
        try {
            execute(cluster, "instance-3", "UPDATE ddb_meta.state SET role = 'master', epoch = 0 WHERE id = 1");
            execute(cluster, "instance-1", "UPDATE ddb_meta.state SET role = 'master', epoch = 1, applied_ts = 42 WHERE id = 1",
                    "INSERT INTO ddb_meta.log (ts, txn_id, epoch, statements, context, tables_touched, checksum) "
                            + "VALUES (42, 'metrics-endpoint-test', 1, '[]', '{}', '', 0)");
            execute(cluster, "instance-2", "UPDATE ddb_meta.state SET epoch = 1, applied_ts = 40 WHERE id = 1");

            JsonNode metrics = awaitMetrics("instance-1 master with its log at 42, instance-3 seen with its stale role", m -> m.get("master_timestamp").asLong() == 42
                    && replica(m, "instance-1").get("is_master").asBoolean()
                    && replica(m, "instance-2").get("applied_ts").asLong() == 40
                    && replica(m, "instance-3").get("role").asString().equals("master"));

            assertThat(metrics.get("replicas")).extracting(r -> r.get("is_master").asBoolean())
                    .containsExactly(true, false, false, false);
            assertThat(metrics.get("replicas")).extracting(r -> r.get("replication_lag").asLong())
                    .containsExactly(0L, 2L, 42L, 42L);
            assertThat(replica(metrics, "instance-1").get("epoch").asLong()).isEqualTo(1);
            assertThat(replica(metrics, "instance-1").get("role").asString()).isEqualTo("master");
            assertThat(replica(metrics, "instance-3").get("role").asString()).isEqualTo("master");
        } finally {
            execute(cluster, "instance-1", "DELETE FROM ddb_meta.log WHERE ts = 42");
            for (String id : List.of("instance-1", "instance-2", "instance-3")) {
                execute(cluster, id, "UPDATE ddb_meta.state SET role = 'replica', epoch = 0, applied_ts = 0 WHERE id = 1");
            }
        }
    }

    @Test
    void aKilledInstanceTurnsUnhealthyCountsOneCrashAndIsHealthyAgainAfterStart(TestCluster cluster) {
        ClusterInstance victim = cluster.instance("instance-3");
        long crashesBefore = replica(awaitMetrics("every instance healthy", MetricsEndpointTest::allHealthy), "instance-3")
                .get("crash_count").asLong();
        try {
            victim.kill();

            JsonNode down = awaitMetrics("instance-3 unhealthy", m -> !replica(m, "instance-3").get("is_healthy").asBoolean());
            assertThat(replica(down, "instance-3").get("crash_count").asLong()).isEqualTo(crashesBefore + 1);
            assertThat(replica(down, "instance-3").get("last_error").asString()).isNotBlank();
            assertThat(replica(down, "instance-2").get("is_healthy").asBoolean()).isTrue();

            victim.start();

            JsonNode up = awaitMetrics("instance-3 healthy again", m -> replica(m, "instance-3").get("is_healthy").asBoolean());
            assertThat(replica(up, "instance-3").get("crash_count").asLong()).isEqualTo(crashesBefore + 1);
            assertThat(replica(up, "instance-3").get("last_error").isNull()).isTrue();
        } finally {
            if (!victim.isRunning()) {
                victim.start();
            }
        }
    }

    @Test
    void oneInstanceIsServedByItsId() {
        awaitMetrics("every instance healthy", MetricsEndpointTest::allHealthy);

        Answer answer = get("/metrics/instance-2");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("replica_id").asString()).isEqualTo("instance-2");
        assertThat(answer.body().get("is_healthy").asBoolean()).isTrue();
    }

    @Test
    void anUnknownIdIs404NamingTheKnownIds() {
        Answer answer = get("/metrics/replica-1");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo("UNKNOWN_INSTANCE");
        assertThat(answer.body().get("message").asString())
                .contains("replica-1").contains("instance-1, instance-2, instance-3, instance-4");
    }

    @Test
    void observationsAreAcceptedOneOrABatchAtATimeAndShownPerReplica() {
        Answer single = post("/metrics/observations", "{\"replica_id\": \"instance-2\", \"apply_latency_ms\": 4.2}");
        Answer batch = post("/metrics/observations", "{\"observations\": ["
                + "{\"replica_id\": \"instance-2\", \"apply_latency_ms\": 6.2},"
                + "{\"replica_id\": \"instance-3\", \"apply_latency_ms\": 1.5}]}");

        assertThat(single.status()).as(single.body().toString()).isEqualTo(200);
        assertThat(single.body().get("accepted").asInt()).isEqualTo(1);
        assertThat(batch.status()).as(batch.body().toString()).isEqualTo(200);
        assertThat(batch.body().get("accepted").asInt()).isEqualTo(2);
        JsonNode metrics = get("/metrics").body();
        assertThat(replica(metrics, "instance-2").get("observed_apply_latency_ms").asDouble()).isEqualTo(6.2);
        // Default alpha 0.2: 4.2 + 0.2 * (6.2 - 4.2)
        assertThat(replica(metrics, "instance-2").get("avg_observed_apply_latency_ms").asDouble()).isEqualTo(4.6);
        assertThat(replica(metrics, "instance-3").get("observed_apply_latency_ms").asDouble()).isEqualTo(1.5);
        assertThat(replica(metrics, "instance-4").get("observed_apply_latency_ms").isNull()).isTrue();
    }

    static Stream<Arguments> invalidObservations() {
        return Stream.of(
                Arguments.of("{\"replica_id\": \"instance-9\", \"apply_latency_ms\": 1}", "UNKNOWN_INSTANCE"),
                Arguments.of("{\"replica_id\": \"instance-1\", \"apply_latency_ms\": -1}", "INVALID_OBSERVATION"),
                Arguments.of("{\"replica_id\": \"instance-1\", \"apply_latency_ms\": 1e999}", "INVALID_OBSERVATION"),
                Arguments.of("{\"replica_id\": \"instance-1\"}", "INVALID_OBSERVATION"),
                Arguments.of("{\"replica_id\": \"instance-1\", \"apply_latency_ms\": 1, \"latency\": 2}", "UNKNOWN_FIELD"),
                Arguments.of("{\"replica_id\": \"instance-1\", \"apply_latency_ms\": 1, \"observations\": []}", "INVALID_OBSERVATION"),
                Arguments.of("{\"observations\": [{\"replica_id\": \"instance-1\", \"apply_latency_ms\": 1},"
                        + " {\"replica_id\": \"instance-1\", \"apply_latency_ms\": -5}]}", "INVALID_OBSERVATION"),
                Arguments.of("{\"replica_id\": \"instance-1\", \"apply_latency_ms\": \"fast\"}", "MALFORMED_JSON"),
                Arguments.of("{\"replica_id\": ", "MALFORMED_JSON"));
    }

    @ParameterizedTest
    @MethodSource("invalidObservations")
    void anInvalidObservationIs400AndRecordsNothing(String body, String code) {
        Answer answer = post("/metrics/observations", body);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(400);
        assertThat(answer.body().get("success").asBoolean()).isFalse();
        assertThat(answer.body().get("error").asString()).isEqualTo(code);
        assertThat(answer.body().get("message").asString()).isNotBlank();
        assertThat(replica(get("/metrics").body(), "instance-1").get("observed_apply_latency_ms").isNull()).isTrue();
    }

    @Test
    void healthIsUpAndCountsTheHealthyInstances() {
        awaitMetrics("every instance healthy", MetricsEndpointTest::allHealthy);

        JsonNode health = get("/actuator/health").body();

        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/components/poller/details/instances").asInt()).isEqualTo(4);
        assertThat(health.at("/components/poller/details/healthy_instances").asInt()).isEqualTo(4);
    }

    @Test
    void prometheusExposesEveryInstancesGauges() {
        awaitMetrics("every instance healthy", MetricsEndpointTest::allHealthy);

        String scrape = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestCallers.authorization(Role.ADMIN)).build().get().uri("/actuator/prometheus")
                .retrieve().body(String.class);

        for (String id : INSTANCES) {
            String tag = "{instance=\"" + id + "\"}";
            assertThat(scrape).contains("ddb_instance_latency_ms" + tag, "ddb_instance_lag" + tag + " 0.0",
                    "ddb_instance_healthy" + tag + " 1.0", "ddb_instance_crash_count" + tag,
                    "ddb_instance_uptime_seconds" + tag, "ddb_instance_master" + tag + " 0.0");
        }
    }

    private JsonNode awaitMetrics(String description, Predicate<JsonNode> condition) {
        Instant deadline = Instant.now().plus(PATIENCE);
        JsonNode metrics = get("/metrics").body();
        while (!condition.test(metrics)) {
            assertThat(Instant.now()).as("waiting for %s; last /metrics: %s", description, metrics).isBefore(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            metrics = get("/metrics").body();
        }
        return metrics;
    }

    private static boolean allHealthy(JsonNode metrics) {
        for (JsonNode replica : metrics.get("replicas")) {
            if (!replica.get("is_healthy").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode replica(JsonNode metrics, String id) {
        for (JsonNode replica : metrics.get("replicas")) {
            if (replica.get("replica_id").asString().equals(id)) {
                return replica;
            }
        }
        throw new AssertionError("no " + id + " in " + metrics);
    }

    private static void execute(TestCluster cluster, String id, String... statements) throws SQLException {
        try (Connection connection = cluster.connect(id, "ddb_meta"); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.executeUpdate(sql);
            }
        }
    }

    private Answer get(String path) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestCallers.authorization(Role.ADMIN)).build().get().uri(path)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    }

    private Answer post(String path, String body) {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestCallers.authorization(Role.ADMIN)).build().post().uri(path)
                .contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
    }
}
