package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.cluster.ReplicationMode;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;

/**
 * A master of the binlog mode that committed a transaction no replica received before it died (an errant GTID, as a
 * crash between the commit and the binary log's dump leaves) does not come back by itself: the returning instance is
 * reported in {@code /status.divergent} with the GTID the new master lacks, and rejoins only when an operator asks
 * for the discard, which re-seeds it from the new master's binary log.
 */
@LocalServers(count = 4, replication = ReplicationMode.BINLOG)
class BinlogDivergentRejoinTest {

    private static final String NO_SEER = "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1";
    private static final List<String> REPLICAS = List.of("instance-2", "instance-3", "instance-4");

    @Test
    void aReturningMasterWithATransactionNobodyReceivedIsReportedAndReseededOnRequest(TestCluster cluster) throws Exception {
        ClusterInstance oldMaster = cluster.instance("instance-1");
        try {
            try (RunningCoordinator running = RunningCoordinator.start(cluster, BinlogReplicationTest.BINLOG, NO_SEER)) {
                CoordinatorHttp coordinator = running.client();
                assertThat(coordinator.query("CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(40))", "STRONG").succeeded())
                        .isTrue();
                assertThat(coordinator.query("INSERT INTO notes VALUES (1, 'kept')", "STRONG").succeeded()).isTrue();
            }
            // With no coordinator to restart them, the replicas stop receiving; the master commits one more and dies.
            for (String replica : REPLICAS) {
                try (Connection connection = cluster.connect(replica, "ddb"); Statement statement = connection.createStatement()) {
                    statement.execute("STOP SLAVE");
                }
            }
            try (Connection connection = cluster.connect("instance-1", "ddb"); Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO notes VALUES (2, 'errant')");
            }
            oldMaster.kill();

            try (RunningCoordinator running = RunningCoordinator.start(cluster, BinlogReplicationTest.BINLOG, NO_SEER)) {
                CoordinatorHttp coordinator = running.client();
                JsonNode failedOver = CoordinatorHttp.await("a failover away from the dead master", coordinator::status,
                        s -> !s.path("current_master").path("id").asString().equals("instance-1"));
                assertThat(failedOver.path("epoch").asLong()).isEqualTo(2);
                assertThat(coordinator.query("INSERT INTO notes VALUES (3, 'after')", "STRONG").succeeded()).isTrue();

                oldMaster.start();
                JsonNode divergent = CoordinatorHttp.await("instance-1 reported divergent", coordinator::status,
                        s -> s.path("divergent").valueStream().anyMatch(d -> d.path("instance").asString().equals("instance-1")))
                        .path("divergent").get(0);
                assertThat(divergent.path("entries")).as(divergent.toString()).hasSize(1);
                assertThat(divergent.path("entries").get(0).path("txn_id").asString()).matches("0-\\d+-3");

                CoordinatorHttp.Answer rejoined = coordinator.post("/admin/rejoin/instance-1", "{\"discard_divergent\": true}");
                assertThat(rejoined.status()).as(rejoined.toString()).isEqualTo(200);
                assertThat(rejoined.body().path("rejoin").path("discarded")).hasSize(1);
                InstanceContents all = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(60));
                assertThat(all.tables().get("notes")).containsExactly("1|kept", "3|after");
                assertThat(coordinator.status().path("divergent")).isEmpty();
            }
        } finally {
            oldMaster.start();
        }
    }
}
