package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.replication.EntryReplayer;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * A master SIGKILLed after preparing a batch its replicas applied: the cluster holds the batch, so when the old master
 * rejoins, its prepared copy is committed (not rolled back), and it needs no re-seed to hold what the others hold.
 */
@LocalServers(count = 4)
class PreparedBatchRejoinTest {

    @Test
    void preparedBatchTheClusterHoldsIsCommittedOnRejoin(TestCluster cluster) throws Exception {
        ClusterInstance oldMaster = cluster.instance("instance-1");
        try (RunningCoordinator running = RunningCoordinator.start(cluster,
                "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1",
                "--ddb.coordinator.failover.auto-rejoin=false")) {
            CoordinatorHttp coordinator = running.client();
            assertThat(coordinator.query("CREATE TABLE notes (id INT PRIMARY KEY, v VARCHAR(20))", "STRONG").succeeded()).isTrue();
            oldMaster.kill();
            JsonNode status = OldMasterRejoinTest.await(coordinator, "the failover", s -> s.path("epoch").asLong() == 2);
            String newMaster = status.path("current_master").path("id").asString();
            CoordinatorHttp.Answer shipped = coordinator.query("INSERT INTO notes VALUES (1, 'shipped')", "STRONG");
            assertThat(shipped.succeeded()).as(shipped.toString()).isTrue();
            oldMaster.start();
            String xid = "ddb-1-" + shipped.timestamp();
            // What the old master holds when it died after preparing a batch its replicas applied.
            LogEntry entry;
            try (Connection master = cluster.connect(newMaster, "ddb")) {
                entry = new ReplicationLog().read(master, shipped.timestamp()).orElseThrow();
            }
            try (Connection returning = cluster.connect("instance-1", "ddb"); Statement statement = returning.createStatement()) {
                statement.execute("XA START '" + xid + "'");
                EntryReplayer.replay(returning, List.of(entry));
                new ReplicationLog().append(returning, List.of(entry));
                assertThat(InstanceState.advance(returning, entry.ts(), 1)).isTrue();
                statement.execute("XA END '" + xid + "'");
                statement.execute("XA PREPARE '" + xid + "'");
            }

            CoordinatorHttp.Answer rejoined = coordinator.post("/admin/restart-old-master", Map.of());

            assertThat(rejoined.status()).as(rejoined.toString()).isEqualTo(200);
            assertThat(rejoined.body().path("rejoin").path("committed_xids").get(0).asString()).isEqualTo(xid);
            assertThat(rejoined.body().path("rejoin").path("discarded")).isEmpty();
            assertThat(OldMasterRejoinTest.preparedXids(cluster)).isEmpty();
            assertThat(coordinator.query("INSERT INTO notes VALUES (2, 'after')", "STRONG").succeeded()).isTrue();
            InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
            assertThat(contents.tables().get("notes")).containsExactly("1|shipped", "2|after");
        } finally {
            oldMaster.start();
        }
    }
}
