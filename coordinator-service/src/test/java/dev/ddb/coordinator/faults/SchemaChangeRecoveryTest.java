package dev.ddb.coordinator.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.SessionTimestamp;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.InstanceContents;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import dev.ddb.mysql.cluster.Privileges;

/**
 * A schema change commits on its own, outside the transaction that logs it. A coordinator that dies
 * between the two leaves the change recorded as pending on the master; the next coordinator
 * finishes it, whether or not the DDL had run, so master and replicas agree again.
 */
@LocalServers(count = 4)
class SchemaChangeRecoveryTest {

    @Test
    void schemaChangesLeftPendingAreFinishedAndReplicatedByTheNextCoordinator(TestCluster cluster) throws Exception {
        long epoch;
        try (RunningCoordinator first = RunningCoordinator.start(cluster)) {
            assertThat(first.client().query("INSERT INTO users (name, email) VALUES ('x', 'x@example.com')", "STRONG")
                    .succeeded()).isTrue();
        }
        try (Connection master = cluster.connect("instance-1", "ddb")) {
            epoch = InstanceState.read(master).epoch();
        }
        long ranTs = 900_001;
        long notRunTs = 900_003;
        LogEntry ran = pendingEntry(ranTs, epoch, "CREATE TABLE ran_before_crash (id INT PRIMARY KEY)");
        LogEntry notRun = pendingEntry(notRunTs, epoch, "CREATE TABLE crashed_before_running (id INT PRIMARY KEY)");
        try (Connection master = cluster.connect("instance-1", "ddb"); Statement statement = master.createStatement()) {
            ReplicationLog.pendingSchemaChanges().append(master, List.of(ran, notRun));
            statement.execute("CREATE TABLE ran_before_crash (id INT PRIMARY KEY)");
        }

        try (RunningCoordinator second = RunningCoordinator.start(cluster)) {
            CoordinatorHttp.Answer after = second.client().query("INSERT INTO crashed_before_running VALUES (1)", "STRONG");

            assertThat(after.succeeded()).as(after.toString()).isTrue();
            assertThat(after.timestamp()).isGreaterThan(notRunTs);
            InstanceContents contents = InstanceContents.awaitIdentical(cluster, Duration.ofSeconds(30));
            assertThat(contents.logTimestamps()).contains(ranTs, notRunTs);
            for (String id : List.of("instance-1", "instance-2", "instance-3", "instance-4")) {
                assertThat(InstanceContents.count(cluster, id, "SELECT COUNT(*) FROM ran_before_crash")).isZero();
                assertThat(InstanceContents.count(cluster, id, "SELECT COUNT(*) FROM crashed_before_running")).isOne();
            }
            assertThat(InstanceContents.count(cluster, "instance-1", "SELECT COUNT(*) FROM ddb_meta.pending_ddl")).isZero();
        }
    }

    private static LogEntry pendingEntry(long ts, long epoch, String ddl) {
        return LogEntry.create(ts, "TXN-" + System.currentTimeMillis() + "-" + Long.toHexString(ts), epoch,
                List.of(new LoggedStatement(ddl, List.of(), 0)), SessionTimestamp.of(Instant.now()), Set.of("ddb.t"),
                Privileges.CLIENT);
    }
}
