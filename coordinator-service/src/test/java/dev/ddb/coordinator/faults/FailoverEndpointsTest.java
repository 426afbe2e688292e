package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * Failovers an operator asks for while every instance runs: bad targets are refused with nothing changed, a named
 * target is promoted, the old master is fenced (its state row refuses the old epoch) and follows the new master as a
 * replica until every instance holds the same rows and log, and {@code /admin/promote-leader} elects among the rest
 * while respecting a {@code never} rule.
 */
@LocalServers(count = 4)
class FailoverEndpointsTest {

    private static final List<String> ALL = List.of("instance-1", "instance-2", "instance-3", "instance-4");

    @Test
    void requestedFailoversPromoteTheTargetFenceTheOldMasterAndLoseNothing(TestCluster cluster) throws Exception {
        try (RunningCoordinator running = RunningCoordinator.start(cluster,
                "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1",
                "--ddb.coordinator.failover.promotion-rules=instance-4=never")) {
            CoordinatorHttp coordinator = running.client();
            assertThat(coordinator.query("CREATE TABLE notes (id INT PRIMARY KEY, v VARCHAR(20))", "STRONG").succeeded()).isTrue();
            write(coordinator, 1, "instance-1");

            JsonNode topology = coordinator.get("/admin/topology").body();
            assertThat(topology.path("master").path("id").asString()).isEqualTo("instance-1");
            assertThat(topology.path("epoch").asLong()).isEqualTo(1);
            assertThat(topology.path("replicas").valueStream().map(r -> r.path("id").asString()).toList())
                    .containsExactly("instance-2", "instance-3", "instance-4");
            assertThat(topology.path("replicas").get(2).path("promotion_rule").asString()).isEqualTo("never");

            assertRefused(coordinator, "instance-9", 400, "UNKNOWN_INSTANCE");
            assertRefused(coordinator, "instance-1", 409, "ALREADY_MASTER");
            assertRefused(coordinator, "instance-4", 409, "PROMOTION_NEVER");
            assertThat(coordinator.get("/admin/topology").body().path("epoch").asLong()).isEqualTo(1);

            CoordinatorHttp.Answer failover = coordinator.post("/admin/failover", Map.of("target", "instance-2"));

            assertThat(failover.status()).as(failover.toString()).isEqualTo(200);
            JsonNode record = failover.body().path("failover");
            assertThat(record.path("old_master").asString()).isEqualTo("instance-1");
            assertThat(record.path("new_master").asString()).isEqualTo("instance-2");
            assertThat(record.path("epoch").asLong()).isEqualTo(2);
            assertThat(record.path("elected_by").asString()).isEqualTo("operator");
            assertThat(record.path("old_master_fenced").asBoolean()).isTrue();
            try (Connection oldMaster = cluster.connect("instance-1", "ddb")) {
                assertThat(InstanceState.advance(oldMaster, 1_000_000, 1)).as("a batch of epoch 1 on the fenced old master")
                        .isFalse();
                assertThat(InstanceState.read(oldMaster).role()).isEqualTo(InstanceRole.REPLICA);
            }
            write(coordinator, 2, "instance-2");
            assertThat(coordinator.get("/admin/topology").body().path("replicas").valueStream().map(r -> r.path("id").asString())
                    .toList()).containsExactlyInAnyOrder("instance-1", "instance-3", "instance-4");
            InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));

            CoordinatorHttp.Answer promoted = coordinator.post("/admin/promote-leader", Map.of());

            assertThat(promoted.status()).as(promoted.toString()).isEqualTo(200);
            String third = promoted.body().path("failover").path("new_master").asString();
            assertThat(third).isIn("instance-1", "instance-3");
            assertThat(promoted.body().path("failover").path("elected_by").asString()).isEqualTo("local");
            write(coordinator, 3, third);
            JsonNode status = coordinator.status();
            assertThat(status.path("epoch").asLong()).isEqualTo(3);
            assertThat(status.path("failovers").valueStream().map(f -> f.path("new_master").asString()).toList())
                    .containsExactly("instance-2", third);
            InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
            assertThat(contents.tables().get("notes")).containsExactly("1|one", "2|two", "3|three");
            for (String id : ALL) {
                try (Connection connection = cluster.connect(id, "ddb")) {
                    InstanceState state = InstanceState.read(connection);
                    assertThat(state.epoch()).as("epoch of %s", id).isEqualTo(3);
                    assertThat(state.role()).as("role of %s", id)
                            .isEqualTo(id.equals(third) ? InstanceRole.MASTER : InstanceRole.REPLICA);
                }
            }

            switchoverUnderLoadLosesNothing(cluster, coordinator, third.equals("instance-1") ? "instance-3" : "instance-1");
        }
    }

    /** 32 clients writing STRONG while the master changes as planned: every write succeeds and is everywhere. */
    private static void switchoverUnderLoadLosesNothing(TestCluster cluster, CoordinatorHttp coordinator, String target)
            throws Exception {
        assertThat(coordinator.query("CREATE TABLE ledger (k VARCHAR(40) PRIMARY KEY, client INT NOT NULL, "
                + "seq INT NOT NULL)", "STRONG").succeeded()).isTrue();
        MasterKilledUnderLoadTest.StrongLoad load = new MasterKilledUnderLoadTest.StrongLoad(coordinator).start();
        List<MasterKilledUnderLoadTest.Write> writes;
        CoordinatorHttp.Answer switchover;
        try {
            load.awaitAcknowledged(100, Duration.ofSeconds(60));
            long switchedAt = System.nanoTime();
            switchover = coordinator.post("/admin/switchover", Map.of("new_leader", target));
            load.awaitAcknowledgedSentAfter(switchedAt, 100, Duration.ofSeconds(60));
        } finally {
            writes = load.stop();
        }

        assertThat(switchover.status()).as(switchover.toString()).isEqualTo(200);
        assertThat(switchover.body().path("failover").path("new_master").asString()).isEqualTo(target);
        assertThat(switchover.body().path("failover").path("old_master_fenced").asBoolean()).isTrue();
        assertThat(writes).allSatisfy(w -> assertThat(w.status()).as("%s", w).isEqualTo(200));
        InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
        assertThat(contents.tables().get("ledger")).hasSize(writes.size());
    }

    private static void write(CoordinatorHttp coordinator, int id, String expectedMaster) {
        String word = List.of("zero", "one", "two", "three").get(id);
        CoordinatorHttp.Answer answer = coordinator.query("INSERT INTO notes VALUES (" + id + ", '" + word + "')", "STRONG");
        assertThat(answer.succeeded()).as(answer.toString()).isTrue();
        assertThat(answer.body().path("executed_on").asString()).isEqualTo(expectedMaster);
    }

    private static void assertRefused(CoordinatorHttp coordinator, String target, int status, String code) {
        CoordinatorHttp.Answer answer = coordinator.post("/admin/failover", Map.of("target", target));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.body().path("success").asBoolean(true)).isFalse();
        assertThat(answer.error()).isEqualTo(code);
        assertThat(answer.body().path("message").asString()).contains(target);
    }
}
