package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.SessionTimestamp;
import dev.ddb.coordinator.replication.EntryReplayer;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import dev.ddb.mysql.cluster.Privileges;

/**
 * A coordinator that stops and starts again learns everything from the instances: the same master
 * from {@code ddb_meta.state}, a timestamp floor above every logged entry (its timestamp servers
 * are new and remember nothing), and a batch the master was left holding XA-prepared gets committed.
 */
@LocalServers(count = 4)
class CoordinatorRestartTest {

    /** Far above what the first coordinator's timestamp servers issue, so only the log can lift the floor this high. */
    private static final long PREPARED_TS = 999_999;

    @Test
    void restartedCoordinatorKeepsTheMasterRaisesItsFloorFromTheLogsAndCommitsAPreparedBatch(TestCluster cluster) throws Exception {
        long lastOldTs = 0;
        try (RunningCoordinator first = RunningCoordinator.start(cluster)) {
            CoordinatorHttp coordinator = first.client();
            assertThat(coordinator.query("CREATE TABLE survivors (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(40))", "STRONG")
                    .succeeded()).isTrue();
            for (int i = 0; i < 10; i++) {
                CoordinatorHttp.Answer answer = coordinator.query("INSERT INTO survivors (v) VALUES ('before " + i + "')",
                        i % 2 == 0 ? "STRONG" : "EVENTUAL");
                assertThat(answer.succeeded()).as(answer.toString()).isTrue();
                assertThat(answer.body().path("executed_on").asString()).isEqualTo("instance-1");
                lastOldTs = Math.max(lastOldTs, answer.timestamp());
            }
        }
        assertThat(lastOldTs).isLessThan(PREPARED_TS);
        InstanceState masterBefore = masterState(cluster);
        assertThat(masterBefore.role()).isEqualTo(InstanceRole.MASTER);
        leavePreparedBatch(cluster, masterBefore.epoch());

        try (RunningCoordinator second = RunningCoordinator.start(cluster)) {
            CoordinatorHttp coordinator = second.client();
            assertThat(preparedXids(cluster)).isEmpty();
            assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM survivors WHERE id = 1000")).isOne();

            CoordinatorHttp.Answer after = coordinator.query("INSERT INTO survivors (v) VALUES ('after')", "STRONG");

            assertThat(after.succeeded()).as(after.toString()).isTrue();
            assertThat(after.body().path("executed_on").asString()).isEqualTo("instance-1");
            assertThat(after.timestamp()).isGreaterThan(PREPARED_TS);
            assertThat(masterState(cluster).epoch()).isEqualTo(masterBefore.epoch());
            InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
            assertThat(contents.logTimestamps()).contains(PREPARED_TS).last().isEqualTo(after.timestamp());
            assertThat(contents.tables().get("survivors")).contains("1000|left prepared");
        }
    }

    /**
     * What a coordinator that died between XA PREPARE and XA COMMIT leaves on the master: a user row,
     * its log entry and the advanced {@code applied_ts}, prepared under the sequencer's xid format.
     */
    private static void leavePreparedBatch(TestCluster cluster, long epoch) throws Exception {
        LogEntry entry = LogEntry.create(PREPARED_TS, "TXN-" + System.currentTimeMillis() + "-0badcafe", epoch,
                List.of(new LoggedStatement("INSERT INTO survivors (id, v) VALUES (1000, 'left prepared')", List.of(), 0)),
                SessionTimestamp.of(Instant.now()), Set.of("ddb.survivors"), Privileges.CLIENT);
        String xid = "'ddb-" + epoch + "-" + PREPARED_TS + "'";
        try (Connection master = cluster.connect("instance-1", "ddb"); Statement statement = master.createStatement()) {
            statement.execute("XA START " + xid);
            EntryReplayer.replay(master, List.of(entry));
            new ReplicationLog().append(master, List.of(entry));
            assertThat(InstanceState.advance(master, PREPARED_TS, epoch)).isTrue();
            statement.execute("XA END " + xid);
            statement.execute("XA PREPARE " + xid);
        }
        assertThat(preparedXids(cluster)).containsExactly("ddb-" + epoch + "-" + PREPARED_TS);
    }

    private static List<String> preparedXids(TestCluster cluster) throws Exception {
        List<String> xids = new ArrayList<>();
        try (Connection master = cluster.connect("instance-1", "ddb"); Statement statement = master.createStatement();
             ResultSet rows = statement.executeQuery("XA RECOVER")) {
            while (rows.next()) {
                xids.add(rows.getString("data"));
            }
        }
        return xids;
    }

    private static InstanceState masterState(TestCluster cluster) throws Exception {
        try (Connection master = cluster.connect("instance-1", "ddb")) {
            return InstanceState.read(master);
        }
    }
}
