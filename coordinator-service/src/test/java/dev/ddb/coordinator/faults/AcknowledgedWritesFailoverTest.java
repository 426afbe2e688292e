package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

/**
 * A failover never promotes a log that ends below the last write acknowledged as STRONG. When the master and every
 * replica that applied that write are down, the one replica left is behind: the failover is refused with nothing
 * changed, and succeeds, with the write, once one of the replicas that applied it answers again; also when the
 * coordinator that acknowledged the write was restarted in between.
 */
@LocalServers(count = 4)
class AcknowledgedWritesFailoverTest {

    private static final String[] SETTINGS = {
            "--ddb.coordinator.failover.enabled=false",
            "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1",
            "--ddb.coordinator.quorum-timeout=2s"};

    /** Each test kills instances and moves the master. */
    @BeforeEach
    void everyInstanceRunningAndEmpty(TestCluster cluster) throws SQLException {
        cluster.instances().forEach(ClusterInstance::start);
        cluster.emptyAll();
    }

    @Test
    void aFailoverWaitsForAnInstanceHoldingTheAcknowledgedWrites(TestCluster cluster) throws Exception {
        try (RunningCoordinator running = RunningCoordinator.start(cluster, SETTINGS)) {
            writeAcknowledgedByInstances2And3(cluster, running.client());
            refuseThenFailOverWithTheWrite(cluster, running.client());
        }
    }

    /** A restarted coordinator did not answer the write itself; the replicas' applied_ts at its start stands in. */
    @Test
    void aRestartedCoordinatorAlsoWaitsForTheWritesItsPredecessorAcknowledged(TestCluster cluster) throws Exception {
        try (RunningCoordinator first = RunningCoordinator.start(cluster, SETTINGS)) {
            writeAcknowledgedByInstances2And3(cluster, first.client());
        }
        try (RunningCoordinator restarted = RunningCoordinator.start(cluster, SETTINGS)) {
            refuseThenFailOverWithTheWrite(cluster, restarted.client());
        }
    }

    /**
     * A coordinator started while every replica was down learns nothing from them at start; a replica that comes back
     * later tells it, on its first connection, how far writes may have been acknowledged.
     */
    @Test
    void aCoordinatorStartedWhileEveryReplicaWasDownLearnsTheAcknowledgedWritesWhenOneReturns(TestCluster cluster)
            throws Exception {
        try (RunningCoordinator first = RunningCoordinator.start(cluster, SETTINGS)) {
            writeAcknowledgedByInstances2And3(cluster, first.client());
        }
        cluster.instance("instance-2").kill();
        cluster.instance("instance-3").kill();
        try (RunningCoordinator restarted = RunningCoordinator.start(cluster, SETTINGS)) {
            CoordinatorHttp coordinator = restarted.client();
            cluster.instance("instance-2").start();
            CoordinatorHttp.await("instance-2 to be live again", coordinator::status, status -> "live".equals(
                    CoordinatorHttp.byId(status.path("current_replicas"), "instance-2").path("state").asString()));
            refuseThenFailOverWithTheWrite(cluster, coordinator);
        }
    }

    private static void writeAcknowledgedByInstances2And3(TestCluster cluster, CoordinatorHttp coordinator) {
        assertThat(coordinator.query("CREATE TABLE notes (id INT PRIMARY KEY, v VARCHAR(20))", "STRONG").succeeded()).isTrue();
        cluster.instance("instance-4").kill();
        CoordinatorHttp.Answer acknowledged = coordinator.query("INSERT INTO notes VALUES (1, 'acknowledged')", "STRONG");
        assertThat(acknowledged.succeeded()).as(acknowledged.toString()).isTrue();
        assertThat(acknowledged.acknowledgedBy()).containsExactly("instance-2", "instance-3");
    }

    private static void refuseThenFailOverWithTheWrite(TestCluster cluster, CoordinatorHttp coordinator) throws Exception {
        cluster.instance("instance-1").kill();
        cluster.instance("instance-2").kill();
        cluster.instance("instance-3").kill();
        cluster.instance("instance-4").start();
        CoordinatorHttp.Answer refused = coordinator.post("/admin/failover", Map.of());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.error()).isEqualTo("ACKNOWLEDGED_WRITES_UNREACHABLE");
        assertThat(refused.body().path("message").asString()).contains("instance-4", "instance-2", "instance-3");
        assertThat(coordinator.get("/admin/topology").body().path("master").path("id").asString()).isEqualTo("instance-1");
        try (Connection behind = cluster.connect("instance-4", "ddb")) {
            InstanceState state = InstanceState.read(behind);
            assertThat(state.role()).isEqualTo(InstanceRole.REPLICA);
            // 0 when it was killed before it applied anything of epoch 1 (a busy machine), 1 otherwise; never a new one.
            assertThat(state.epoch()).as("not fenced into a new epoch").isLessThanOrEqualTo(1);
        }

        cluster.instance("instance-2").start();
        CoordinatorHttp.Answer failover = coordinator.post("/admin/failover", Map.of());

        assertThat(failover.status()).as(failover.toString()).isEqualTo(200);
        String newMaster = failover.body().path("failover").path("new_master").asString();
        assertThat(newMaster).isIn("instance-2", "instance-4");
        assertThat(InstanceContents.count(cluster, newMaster, "SELECT COUNT(*) FROM notes WHERE v = 'acknowledged'"))
                .isEqualTo(1);
    }
}
