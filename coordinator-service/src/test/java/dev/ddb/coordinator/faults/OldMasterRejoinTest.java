package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.SessionTimestamp;
import dev.ddb.coordinator.replication.EntryReplayer;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.JsonNode;
import dev.ddb.mysql.cluster.Privileges;

/**
 * A SIGKILLed master that returns holding a write the cluster never got (an EVENTUAL write not replicated) and a
 * batch left XA-prepared: it is kept out of replication and listed in {@code /status} until an operator discards the
 * divergent entry. The prepared batch is rolled back at the first attempt already; the operator's rejoin hands the
 * discarded entry back and re-seeds the instance, which then holds exactly what the others hold.
 */
@LocalServers(count = 4)
class OldMasterRejoinTest {

    private static final long DIVERGENT_TS = 999_999;
    private static final long PREPARED_TS = 1_000_001;

    @Test
    void oldMasterWithADivergentEntryRejoinsOnlyWhenTheOperatorDiscardsIt(TestCluster cluster) throws Exception {
        ClusterInstance oldMaster = cluster.instance("instance-1");
        try (RunningCoordinator running = RunningCoordinator.start(cluster,
                "--ddb.coordinator.failover.seer-url=http://127.0.0.1:1",
                "--ddb.coordinator.failover.auto-rejoin=false")) {
            CoordinatorHttp coordinator = running.client();
            assertThat(coordinator.query("CREATE TABLE notes (id INT PRIMARY KEY, v VARCHAR(20))", "STRONG").succeeded()).isTrue();
            assertThat(coordinator.query("INSERT INTO notes VALUES (1, 'kept')", "STRONG").succeeded()).isTrue();

            oldMaster.kill();
            JsonNode status = await(coordinator, "the failover", s -> s.path("epoch").asLong() == 2);
            String newMaster = status.path("current_master").path("id").asString();
            oldMaster.start();
            leaveDivergentEntryAndPreparedBatch(cluster);

            CoordinatorHttp.Answer refused = coordinator.post("/admin/restart-old-master", Map.of());

            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.error()).isEqualTo("DIVERGENT_ENTRIES");
            assertThat(refused.body().path("message").asString()).contains(String.valueOf(DIVERGENT_TS));
            assertThat(preparedXids(cluster)).as("the prepared batch, unknown to the cluster, is rolled back first").isEmpty();
            JsonNode divergent = coordinator.status().path("divergent");
            assertThat(divergent).hasSize(1);
            assertThat(divergent.get(0).path("instance").asString()).isEqualTo("instance-1");
            assertThat(divergent.get(0).path("entries").get(0).path("ts").asLong()).isEqualTo(DIVERGENT_TS);
            assertThat(coordinator.get("/admin/topology").body().path("detached").get(0).path("id").asString()).isEqualTo("instance-1");

            CoordinatorHttp.Answer rejoined = coordinator.post("/admin/rejoin/instance-1", Map.of("discard_divergent", true));

            assertThat(rejoined.status()).as(rejoined.toString()).isEqualTo(200);
            JsonNode result = rejoined.body().path("rejoin");
            assertThat(result.path("discarded").get(0).path("statements").get(0).asString()).contains("divergent");
            assertThat(result.path("discarded").get(0).path("ts").asLong()).isEqualTo(DIVERGENT_TS);
            assertThat(coordinator.status().path("divergent")).isEmpty();
            CoordinatorHttp.Answer after = coordinator.query("INSERT INTO notes VALUES (2, 'after')", "STRONG");
            assertThat(after.succeeded()).as(after.toString()).isTrue();
            assertThat(after.body().path("executed_on").asString()).isEqualTo(newMaster);
            InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
            assertThat(contents.tables().get("notes")).containsExactly("1|kept", "2|after");
        } finally {
            oldMaster.start();
        }
    }

    /**
     * An EVENTUAL write the old master committed and never shipped, and a batch it prepared and never committed,
     * both in epoch 1 and both unknown to the cluster.
     */
    private static void leaveDivergentEntryAndPreparedBatch(TestCluster cluster) throws Exception {
        try (Connection master = cluster.connect("instance-1", "ddb"); Statement statement = master.createStatement()) {
            master.setAutoCommit(false);
            LogEntry divergent = entry(DIVERGENT_TS, "INSERT INTO notes VALUES (900, 'divergent')");
            EntryReplayer.replay(master, List.of(divergent));
            new ReplicationLog().append(master, List.of(divergent));
            assertThat(InstanceState.advance(master, DIVERGENT_TS, 1)).isTrue();
            master.commit();
            master.setAutoCommit(true);
            String xid = "'ddb-1-" + PREPARED_TS + "'";
            LogEntry prepared = entry(PREPARED_TS, "INSERT INTO notes VALUES (901, 'prepared')");
            statement.execute("XA START " + xid);
            EntryReplayer.replay(master, List.of(prepared));
            new ReplicationLog().append(master, List.of(prepared));
            assertThat(InstanceState.advance(master, PREPARED_TS, 1)).isTrue();
            statement.execute("XA END " + xid);
            statement.execute("XA PREPARE " + xid);
        }
        assertThat(preparedXids(cluster)).containsExactly("ddb-1-" + PREPARED_TS);
    }

    private static LogEntry entry(long ts, String sql) {
        return LogEntry.create(ts, "TXN-" + System.currentTimeMillis() + "-" + Long.toHexString(ts), 1,
                List.of(new LoggedStatement(sql, List.of(), 0)), SessionTimestamp.of(Instant.now()), Set.of("ddb.notes"),
                Privileges.CLIENT);
    }

    static List<String> preparedXids(TestCluster cluster) throws Exception {
        try (Connection connection = cluster.connect("instance-1", "ddb"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("XA RECOVER")) {
            List<String> xids = new ArrayList<>();
            while (rows.next()) {
                xids.add(rows.getString("data"));
            }
            return xids;
        }
    }

    static JsonNode await(CoordinatorHttp coordinator, String what, Predicate<JsonNode> done)
            throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            JsonNode status = coordinator.status();
            if (done.test(status)) {
                return status;
            }
            assertThat(Instant.now()).as("%s within 30 s; last /status %s", what, status).isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
