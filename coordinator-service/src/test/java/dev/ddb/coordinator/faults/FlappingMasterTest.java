package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * Anti-flapping end to end: the master SIGKILLed, failed over automatically; the new master SIGKILLed right after,
 * inside the interval, is not failed over automatically however long it stays dead, and an operator's
 * {@code POST /admin/failover} still is; with two of four instances down, EVENTUAL writes go on and STRONG ones are
 * refused. seer-service is not running, so the local election decides.
 */
@LocalServers(count = 4)
class FlappingMasterTest {

    private static final String NO_SEER = "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1";
    private static final String LONG_INTERVAL = "--ddb.coordinator.failover.min-interval=10m";
    /** Many heartbeat periods (250 ms each), so an automatic failover, were it allowed, would have happened. */
    private static final long WATCHED_MILLIS = 4_000;

    @Test
    void aSecondMasterDeathInsideTheIntervalWaitsForAnOperator(TestCluster cluster) throws Exception {
        ClusterInstance first = cluster.instance("instance-1");
        ClusterInstance second = null;
        try (RunningCoordinator running = RunningCoordinator.start(cluster, NO_SEER, LONG_INTERVAL)) {
            CoordinatorHttp coordinator = running.client();
            assertThat(coordinator.query("CREATE TABLE flaps (id INT PRIMARY KEY)", "STRONG").succeeded()).isTrue();

            first.kill();
            JsonNode afterFirst = CoordinatorHttp.await("the first failover", coordinator::status,
                    status -> status.path("failovers").size() == 1);
            String promoted = afterFirst.path("current_master").path("id").asString();
            assertThat(promoted).isNotEqualTo("instance-1");
            assertThat(coordinator.query("INSERT INTO flaps VALUES (1)", "EVENTUAL").succeeded()).isTrue();

            second = cluster.instance(promoted);
            second.kill();
            Thread.sleep(WATCHED_MILLIS);
            JsonNode held = coordinator.status();
            assertThat(held.path("failovers")).as("%s", held).hasSize(1);
            assertThat(held.path("epoch").asLong()).isEqualTo(2);
            assertThat(held.path("current_master").path("id").asString()).isEqualTo(promoted);

            CoordinatorHttp.Answer forced = coordinator.post("/admin/failover", Map.of());
            assertThat(forced.succeeded()).as(forced.toString()).isTrue();
            String third = forced.body().path("failover").path("new_master").asString();
            assertThat(third).isNotIn("instance-1", promoted);
            assertThat(coordinator.status().path("epoch").asLong()).isEqualTo(3);
            CoordinatorHttp.Answer after = coordinator.query("INSERT INTO flaps VALUES (2)", "EVENTUAL");
            assertThat(after.succeeded()).as(after.toString()).isTrue();
            assertThat(after.body().path("executed_on").asString()).isEqualTo(third);
            // Two of four instances down is one more than the cluster tolerates for STRONG: refused, nothing written.
            CoordinatorHttp.Answer strong = coordinator.query("INSERT INTO flaps VALUES (3)", "STRONG");
            assertThat(strong.status()).isEqualTo(503);
            assertThat(strong.error()).isEqualTo("QUORUM_UNAVAILABLE");
            assertThat(strong.body().path("message").asString()).contains("majority: 2 of 3 replicas (1 in the replica set now)");
        } finally {
            first.start();
            if (second != null) {
                second.start();
            }
        }
    }
}
