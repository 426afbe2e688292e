package dev.ddb.coordinator.quorum;

import static dev.ddb.coordinator.testing.CoordinatorHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.ddb.coordinator.testing.CoordinatorHttp.Answer;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * STRONG writes against four real servers, acknowledged by Cabinet's weights from a stand-in cabinet-service, by a
 * majority while it is down, by the master plus one replica when two of three replicas are gone, and refused up front
 * while every replica is gone, since the master alone holds just under half the weight.
 */
@LocalServers(count = 4)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "ddb.cabinet.refresh=100ms", "ddb.cabinet.max-age=2s", "ddb.metrics.report-interval=200ms",
        "resilience4j.circuitbreaker.instances.cabinet.wait-duration-in-open-state=300ms"})
@DirtiesContext
class CabinetQuorumEndToEndTest extends CoordinatorOnLocalServers {

    private static final StandInServer CABINET =
            new StandInServer("/select-quorum", StandInServer.paperWeights("instance-1")).start();
    private static final StandInServer METRICS =
            new StandInServer("/metrics/observations", new StandInServer.Reply(200, "{\"success\":true}")).start();
    private static final Map<String, String> ALL_LIVE =
            Map.of("instance-2", "live", "instance-3", "live", "instance-4", "live");

    @DynamicPropertySource
    static void standInServices(DynamicPropertyRegistry registry) {
        registry.add("ddb.cabinet.url", () -> CABINET.url().toString());
        registry.add("ddb.metrics.url", () -> METRICS.url().toString());
    }

    @BeforeEach
    void cabinetAnsweringAndEveryReplicaLive() {
        CABINET.answer(StandInServer.paperWeights("instance-1"));
        CABINET.start();
        await("every replica live", this::replicaStates, ALL_LIVE::equals);
        await("weights from cabinet-service in use", () -> http.get("/status").body().path("quorum_source").asString(),
                "cabinet"::equals);
    }

    @Test
    void strongWritesAreAcknowledgedByCabinetWeightsAndReportApplyLatencies() {
        assertThat(http.query("CREATE TABLE weighed (id INT PRIMARY KEY)", "STRONG").succeeded()).isTrue();

        Answer strong = http.query("INSERT INTO weighed VALUES (1)", "STRONG");

        assertThat(strong.succeeded()).as(strong.toString()).isTrue();
        assertThat(strong.body().path("quorum_achieved").asBoolean()).isTrue();
        assertThat(strong.acknowledgedBy()).isNotEmpty();
        JsonNode current = http.get("/admin/current-quorum").body();
        assertThat(current.path("source").asString()).isEqualTo("cabinet");
        assertThat(current.path("fallback_reason").isNull()).isTrue();
        assertThat(current.path("weights").path("instance-2").decimalValue()).isEqualByComparingTo("3.381921");
        assertThat(current.path("threshold").decimalValue()).isEqualByComparingTo("6.2201368595");
        assertThat(current.path("cabinet_members").valueStream().map(JsonNode::asString).toList())
                .containsExactly("instance-1", "instance-2");
        assertThat(http.get("/status").body().path("quorum").asString())
                .startsWith("cabinet: weight > 6.2201 of 12.4403");
        await("apply latencies posted to metrics-service", () -> String.join("\n", METRICS.received()),
                posted -> posted.contains("\"observations\"") && posted.contains("\"replica_id\":\"instance-2\""));
    }

    @Test
    void strongWritesFallBackToAMajorityWhileCabinetServiceIsDown() {
        assertThat(http.query("CREATE TABLE fallback (id INT PRIMARY KEY)", "STRONG").succeeded()).isTrue();
        try {
            CABINET.stop();
            await("majority in use", () -> http.get("/status").body().path("quorum_source").asString(),
                    source -> source.startsWith("majority (fallback: ") && source.contains("cabinet-service"));

            Answer strong = http.query("INSERT INTO fallback VALUES (1)", "STRONG");

            assertThat(strong.succeeded()).as(strong.toString()).isTrue();
            assertThat(strong.acknowledgedBy()).hasSizeGreaterThanOrEqualTo(2);
            JsonNode current = http.get("/admin/current-quorum").body();
            assertThat(current.path("source").asString()).startsWith("majority (fallback: ");
            assertThat(current.path("rule").asString()).isEqualTo("majority: 2 of 3 replicas");
            assertThat(current.path("fallback_reason").asString()).contains("cabinet-service");
            JsonNode replication = http.get("/actuator/health").body().path("components").path("replication");
            assertThat(replication.path("status").asString()).isEqualTo("UP");
            assertThat(replication.path("details").path("quorum_source").asString()).startsWith("majority (fallback: ");
        } finally {
            CABINET.start();
        }
        await("weights from cabinet-service in use again",
                () -> http.get("/status").body().path("quorum_source").asString(), "cabinet"::equals);
    }

    @Test
    void strongWriteCommitsOnMasterPlusOneReplicaWhenTwoOfThreeAreDown(TestCluster cluster) {
        assertThat(http.query("CREATE TABLE survivors (id INT PRIMARY KEY)", "STRONG").succeeded()).isTrue();
        List<ClusterInstance> victims = List.of(cluster.instance("instance-3"), cluster.instance("instance-4"));
        try {
            victims.forEach(ClusterInstance::kill);
            await("instance-3 and instance-4 seen as not connected", this::replicaStates,
                    Map.of("instance-2", "live", "instance-3", "disconnected", "instance-4", "disconnected")::equals);

            Answer strong = http.query("INSERT INTO survivors VALUES (1)", "STRONG");

            assertThat(strong.succeeded()).as(strong.toString()).isTrue();
            assertThat(strong.body().path("quorum_achieved").asBoolean()).isTrue();
            assertThat(strong.acknowledgedBy()).containsExactly("instance-2");
        } finally {
            victims.forEach(ClusterInstance::start);
        }
        await("every replica live again", this::replicaStates, ALL_LIVE::equals);
    }

    @Test
    void strongWriteIsRefusedWhileEveryReplicaIsDownAndSucceedsOnceTheyCaughtUp(TestCluster cluster) throws Exception {
        assertThat(http.query("CREATE TABLE outage (id INT PRIMARY KEY, v VARCHAR(20))", "STRONG").succeeded()).isTrue();
        assertThat(http.query("INSERT INTO outage VALUES (1, 'before')", "STRONG").succeeded()).isTrue();
        List<ClusterInstance> replicas = List.of(cluster.instance("instance-2"), cluster.instance("instance-3"),
                cluster.instance("instance-4"));
        try {
            replicas.forEach(ClusterInstance::stop);
            await("every replica seen as not connected", this::replicaStates, Map.of("instance-2", "disconnected",
                    "instance-3", "disconnected", "instance-4", "disconnected")::equals);
            long logBefore = count(cluster, "SELECT COUNT(*) FROM ddb_meta.log");

            Answer refused = http.query("INSERT INTO outage VALUES (2, 'refused')", "STRONG");

            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.body().path("success").asBoolean(true)).as(refused.toString()).isFalse();
            assertThat(refused.body().path("error").asString()).isEqualTo("QUORUM_UNAVAILABLE");
            assertThat(refused.body().path("message").asString()).contains("cabinet: weight > 6.2201");
            assertThat(count(cluster, "SELECT COUNT(*) FROM ddb_meta.log")).isEqualTo(logBefore);
            assertThat(count(cluster, "SELECT COUNT(*) FROM outage WHERE id = 2")).isZero();
            assertThat(http.get("/status").body().path("quorum_source").asString()).isEqualTo("cabinet");
            // Something for the replicas to catch up on when they return.
            Answer eventual = http.query("INSERT INTO outage VALUES (3, 'while down')", "EVENTUAL");
            assertThat(eventual.succeeded()).as(eventual.toString()).isTrue();
        } finally {
            replicas.forEach(ClusterInstance::start);
        }
        await("every replica live again", this::replicaStates, ALL_LIVE::equals);
        long masterTs = count(cluster, "SELECT MAX(ts) FROM ddb_meta.log");
        await("every replica caught up to " + masterTs, this::appliedTimestamps,
                applied -> applied.values().stream().allMatch(ts -> ts == masterTs));

        Answer again = http.query("INSERT INTO outage VALUES (4, 'after')", "STRONG");

        assertThat(again.succeeded()).as(again.toString()).isTrue();
        assertThat(again.body().path("quorum_achieved").asBoolean()).isTrue();
        assertThat(again.acknowledgedBy()).isNotEmpty().isSubsetOf("instance-2", "instance-3", "instance-4");
        assertThat(count(cluster, "SELECT COUNT(*) FROM outage")).isEqualTo(3);
    }

    /** Each replica's applied timestamp as /status reports it. */
    private Map<String, Long> appliedTimestamps() {
        Map<String, Long> applied = new TreeMap<>();
        http.get("/status").body().path("current_replicas")
                .forEach(r -> applied.put(r.path("id").asString(), r.path("applied_ts").asLong()));
        return applied;
    }

    /** A single number read from the master, instance-1. */
    private static long count(TestCluster cluster, String sql) throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "ddb");
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private Map<String, String> replicaStates() {
        Map<String, String> states = new TreeMap<>();
        http.get("/status").body().path("current_replicas")
                .forEach(r -> states.put(r.path("id").asString(), r.path("state").asString()));
        return states;
    }
}
