package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * A replica that applied a write nobody acknowledged, then missed the failover that lost it with the old master,
 * comes back ahead of the new master's log. Its applier must not catch up on top of that write (the replica would
 * keep it unnoticed): it stops, the rejoin watcher takes it out and lists the write in {@code /status.divergent}, and
 * an operator's rejoin with {@code discard_divergent} re-seeds it.
 */
@LocalServers(count = 4)
class ReplicaAheadOfNewMasterTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aReplicaHoldingAWriteTheNewMasterLacksStopsAndIsReseededOnRequest(TestCluster cluster) throws Exception {
        try (RunningCoordinator running = RunningCoordinator.start(cluster,
                "--ddb.coordinator.failover.enabled=false",
                "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1",
                "--ddb.coordinator.quorum-timeout=1s")) {
            CoordinatorHttp coordinator = running.client();
            assertThat(coordinator.query("CREATE TABLE slow (id INT PRIMARY KEY, n INT NOT NULL)", "STRONG").succeeded()).isTrue();
            assertThat(coordinator.query("INSERT INTO slow VALUES (1, 0)", "STRONG").succeeded()).isTrue();
            awaitApplied(cluster, "SELECT COUNT(*) FROM slow", 1, "instance-2", "instance-3", "instance-4");

            try (RowLocks locks = RowLocks.hold(cluster, List.of("instance-2", "instance-3"),
                    "SELECT n FROM slow WHERE id = 1 FOR UPDATE")) {
                CoordinatorHttp.Answer unacknowledged = coordinator.query("UPDATE slow SET n = 1 WHERE id = 1", "STRONG");
                assertThat(unacknowledged.error()).as(unacknowledged.toString()).isEqualTo("QUORUM_NOT_REACHED");
                assertThat(unacknowledged.acknowledgedBy()).containsExactly("instance-4");

                cluster.instance("instance-1").kill();
                cluster.instance("instance-4").kill();
                CoordinatorHttp.Answer failover = coordinator.post("/admin/failover", Map.of("target", "instance-2"));
                assertThat(failover.status()).as(failover.toString()).isEqualTo(200);
            }
            assertThat(coordinator.query("INSERT INTO slow VALUES (2, 0)", "EVENTUAL").succeeded()).isTrue();

            cluster.instance("instance-4").start();
            JsonNode divergent = awaitDivergent(coordinator, "instance-4");

            assertThat(divergent.path("entries").get(0).path("statements").get(0).asString()).contains("SET n = 1");
            assertThat(coordinator.get("/admin/topology").body().path("detached").valueStream().map(d -> d.path("id").asString()))
                    .contains("instance-4");
            assertThat(InstanceContents.count(cluster, "instance-4", "SELECT n FROM slow WHERE id = 1"))
                    .as("the unacknowledged write is still there, but nothing was applied on top of it").isEqualTo(1);
            assertThat(InstanceContents.count(cluster, "instance-4", "SELECT COUNT(*) FROM slow WHERE id = 2")).isZero();

            CoordinatorHttp.Answer rejoined = coordinator.post("/admin/rejoin/instance-4", Map.of("discard_divergent", true));

            assertThat(rejoined.status()).as(rejoined.toString()).isEqualTo(200);
            assertThat(rejoined.body().path("rejoin").path("discarded").get(0).path("statements").get(0).asString())
                    .contains("SET n = 1");
            awaitApplied(cluster, "SELECT COUNT(*) FROM slow WHERE n = 0", 2, "instance-2", "instance-3", "instance-4");
        }
    }

    private static void awaitApplied(TestCluster cluster, String sql, long expected, String... instances) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        for (String instance : instances) {
            long seen = count(cluster, instance, sql);
            while (seen != expected && Instant.now().isBefore(deadline)) {
                Thread.sleep(50);
                seen = count(cluster, instance, sql);
            }
            assertThat(seen).as("%s on %s", sql, instance).isEqualTo(expected);
        }
    }

    private static long count(TestCluster cluster, String instance, String sql) {
        try {
            return InstanceContents.count(cluster, instance, sql);
        } catch (Exception notYet) {
            return -1;
        }
    }

    /** Waits until {@code /status.divergent} lists the instance, as the rejoin watcher records it. */
    private static JsonNode awaitDivergent(CoordinatorHttp coordinator, String id) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            for (JsonNode divergent : coordinator.status().path("divergent")) {
                if (id.equals(divergent.path("instance").asString())) {
                    return divergent;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " never appeared in /status.divergent: " + coordinator.status().path("divergent")
                + "; replicas " + coordinator.status().path("current_replicas"));
    }
}
