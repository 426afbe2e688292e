package dev.ddb.coordinator.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.coordinator.testing.CoordinatorHttp.Answer;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import dev.ddb.stress.load.StressRows;
import tools.jackson.databind.JsonNode;

/** The seed's stress-test endpoints against a real coordinator in front of four real servers. */
@LocalServers(count = 4)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ddb.coordinator.stress-test.max-operations=200", "ddb.coordinator.stress-test.clients=4"})
@DirtiesContext
class StressTestEndpointTest extends CoordinatorOnLocalServers {


    @Test
    void everyStressTestRunsThroughTheSequencerAndLeavesTheSameRowsOnEveryInstance(TestCluster cluster)
            throws Exception {
        JsonNode before = succeeded(get("/admin/stress-test/data-count"));
        assertThat(before.get("counts").valueStream().map(JsonNode::asLong).toList()).containsOnly(0L);

        JsonNode writes = succeeded(post("/admin/stress-test/concurrent-writes", """
                {"num_operations": 50, "consistency": "STRONG"}"""));
        assertThat(writes.get("successful").asLong()).isEqualTo(50);
        assertThat(writes.get("failed").asLong()).isZero();
        assertThat(writes.get("consistency").asString()).isEqualTo("STRONG");
        assertThat(writes.get("timestamps_unique").asBoolean()).isTrue();
        assertThat(writes.get("throughput_ops_per_sec").asDouble()).isPositive();
        assertThat(writes.get("latency_ms").get("p99").asDouble())
                .isGreaterThanOrEqualTo(writes.get("latency_ms").get("p50").asDouble());
        assertThat(writes.get("errors").isEmpty()).isTrue();

        JsonNode mix = succeeded(post("/admin/stress-test/read-write-mix", """
                {"num_operations": 40, "consistency": "eventual"}"""));
        assertThat(mix.get("reads").asLong()).isEqualTo(28);
        assertThat(mix.get("writes").asLong()).isEqualTo(12);
        assertThat(mix.get("consistency").asString()).isEqualTo("EVENTUAL");

        JsonNode comparison = succeeded(post("/admin/stress-test/consistency-comparison?num_operations=20", null));
        assertThat(comparison.get("eventual").get("successful").asLong()).isEqualTo(20);
        assertThat(comparison.get("strong").get("successful").asLong()).isEqualTo(20);
        assertThat(comparison.get("eventual_to_strong_throughput").asDouble()).isPositive();

        JsonNode readAfterWrite = succeeded(post("/admin/stress-test/read-after-write?num_trials=10", null));
        JsonNode modes = readAfterWrite.get("modes");
        assertThat(modes.propertyNames()).containsExactly("eventual", "strong", "min_timestamp");
        for (String mode : List.of("eventual", "strong", "min_timestamp")) {
            assertThat(modes.get(mode).get("reads").asLong()).as(mode).isEqualTo(10);
        }
        assertThat(modes.get("strong").get("stale_reads").asLong()).isZero();
        assertThat(modes.get("min_timestamp").get("stale_reads").asLong()).isZero();
        assertThat(modes.get("eventual").get("stale_allowed").asBoolean()).isTrue();

        int expectedRows = 50 + 12 + 2 * 20 + 3 * 10;
        List<String> onMaster = awaitStressRows(cluster, "instance-1", expectedRows);
        for (ClusterInstance instance : cluster.instances()) {
            assertThat(awaitStressRows(cluster, instance.id(), expectedRows)).as(instance.id()).isEqualTo(onMaster);
        }
        assertThat(onMaster).doesNotHaveDuplicates();
        JsonNode after = succeeded(get("/admin/stress-test/data-count"));
        assertThat(after.get("master").asString()).isEqualTo("instance-1");
        assertThat(after.get("same_everywhere").asBoolean()).isTrue();
        assertThat(after.get("counts").propertyNames())
                .containsExactly("instance-1", "instance-2", "instance-3", "instance-4");
        assertThat(after.get("counts").valueStream().map(JsonNode::asLong).toList()).containsOnly((long) expectedRows);
    }

    @Test
    void sizesOutsideOneToTheLimitAndUnknownConsistenciesAreRefusedBeforeAnythingRuns(TestCluster cluster)
            throws Exception {
        int rowsBefore = stressRows(cluster, "instance-1").size();

        assertRefused(post("/admin/stress-test/concurrent-writes", """
                {"num_operations": 0, "consistency": "STRONG"}"""), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/concurrent-writes", """
                {"num_operations": 201, "consistency": "STRONG"}"""), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/read-write-mix", """
                {"num_operations": -5}"""), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/read-write-mix", """
                {"num_operations": 100000}"""), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/consistency-comparison?num_operations=0", null), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/consistency-comparison?num_operations=201", null), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/read-after-write?num_trials=0", null), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/read-after-write?num_trials=201", null), "SIZE_OUT_OF_RANGE");
        assertRefused(post("/admin/stress-test/concurrent-writes", """
                {"num_operations": 5, "consistency": "QUORUM"}"""), "INVALID_CONSISTENCY");

        Answer oversize = post("/admin/stress-test/concurrent-writes", """
                {"num_operations": 201}""");
        assertThat(oversize.body().get("message").asString()).contains("num_operations", "200", "201");
        assertThat(stressRows(cluster, "instance-1")).hasSize(rowsBefore);
    }

    @Test
    void writesTheServersRefuseMakeTheAnswerSuccessFalseWithTheFailuresByKind(TestCluster cluster) throws Exception {
        succeeded(query(StressRows.CREATE_TABLE));
        succeeded(query("ALTER TABLE " + StressRows.TABLE + " ADD CONSTRAINT refuse_every_row CHECK (client < 0)"));
        int rowsBefore = stressRows(cluster, "instance-1").size();
        try {
            Answer answer = post("/admin/stress-test/concurrent-writes", """
                    {"num_operations": 6, "consistency": "STRONG"}""");

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode body = answer.body();
            assertThat(body.get("success").asBoolean()).as(answer.toString()).isFalse();
            assertThat(body.get("successful").asLong()).isZero();
            assertThat(body.get("failed").asLong()).isEqualTo(6);
            assertThat(body.get("message").asString()).isNotBlank();
            JsonNode errors = body.get("errors");
            assertThat(errors.size()).as(answer.toString()).isEqualTo(1);
            assertThat(errors.get(0).get("count").asLong()).isEqualTo(6);
            assertThat(errors.get(0).get("kind").asString()).as(answer.toString()).isEqualTo("409 CONSTRAINT_VIOLATION");
            assertThat(stressRows(cluster, "instance-1")).hasSize(rowsBefore);
        } finally {
            succeeded(query("ALTER TABLE " + StressRows.TABLE + " DROP CONSTRAINT refuse_every_row"));
        }
    }

    private JsonNode succeeded(Answer answer) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.body().get("success").asBoolean()).as(answer.toString()).isTrue();
        return answer.body();
    }

    private static void assertRefused(Answer answer, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        JsonNode body = answer.body();
        assertThat(body.get("success").asBoolean()).as(answer.toString()).isFalse();
        assertThat(body.get("error").asString()).as(answer.toString()).isEqualTo(code);
        assertThat(body.get("message").asString()).isNotBlank();
    }

    private Answer get(String path) {
        return http.get(path);
    }

    private Answer post(String path, String json) {
        return http.post(path, json);
    }

    private Answer query(String sql) {
        return post("/query", "{\"query\": \"" + sql + "\", \"consistency\": \"STRONG\"}");
    }

    /** Waits until the instance holds {@code expected} stress rows, then returns them. */
    private static List<String> awaitStressRows(TestCluster cluster, String instanceId, int expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        List<String> rows = stressRows(cluster, instanceId);
        while (rows.size() != expected && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            rows = stressRows(cluster, instanceId);
        }
        assertThat(rows).as("stress rows on %s", instanceId).hasSize(expected);
        return rows;
    }

    /** {@code k|scenario|client} of every stress row, ordered by key; empty when the table does not exist yet. */
    private static List<String> stressRows(TestCluster cluster, String instanceId) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = cluster.connect(instanceId, "ddb"); Statement statement = connection.createStatement()) {
            try (ResultSet exists = statement.executeQuery("SELECT COUNT(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'ddb' AND table_name = 'stress_rows'")) {
                exists.next();
                if (exists.getInt(1) == 0) {
                    return rows;
                }
            }
            try (ResultSet result = statement.executeQuery("SELECT k, scenario, client FROM stress_rows ORDER BY k")) {
                while (result.next()) {
                    rows.add(result.getString(1) + "|" + result.getString(2) + "|" + result.getInt(3));
                }
            }
        }
        return rows;
    }
}
