package dev.ddb.coordinator.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;

@LocalServers(count = 1)
class DetachedBranchTest {

    private static final Duration PAUSE = Duration.ofMillis(100);

    private final TestCluster cluster;
    private final Sequencer.MasterConnector connector;

    DetachedBranchTest(TestCluster cluster) {
        this.cluster = cluster;
        InstanceConnector instances = new InstanceConnector(cluster.credentials(), Duration.ofSeconds(3), Duration.ofSeconds(30));
        this.connector = id -> instances.open(cluster.instance(id).address());
    }

    @BeforeEach
    void freshSchema() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "")) {
            Schema.reset(connection, "instance-1");
        }
    }

    /** A branch like a STRONG batch's: a user row and its log entry at {@code ts}, prepared on its own connection. */
    private Connection prepare(String xid, long ts) throws SQLException {
        Connection connection = connector.open("instance-1");
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("XA START '" + xid + "'");
            statement.execute("INSERT INTO ddb.users (name, email) VALUES ('Ada', '" + xid + "@example.com')");
            statement.execute("INSERT INTO ddb_meta.log (ts, txn_id, epoch, statements, context, tables_touched, checksum)"
                    + " VALUES (" + ts + ", '" + xid + "', 1, '[]', '{}', 'ddb.users', 0)");
            statement.execute("XA END '" + xid + "'");
            statement.execute("XA PREPARE '" + xid + "'");
        }
        return connection;
    }

    private long users() throws SQLException {
        try (Connection connection = cluster.connect("instance-1", "");
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT COUNT(*) FROM ddb.users")) {
            result.next();
            return result.getLong(1);
        }
    }

    @Test
    void aBranchWhoseConnectionClosedIsCommittedFromANewOne() throws Exception {
        Connection failed = prepare("ddb-1-7", 7);
        failed.close();

        assertThat(DetachedBranch.commit(connector, "instance-1", "ddb-1-7", 7, 10, PAUSE)).isTrue();

        assertThat(users()).isEqualTo(1);
    }

    @Test
    void aBranchThatHadCommittedIsFoundCommittedThroughItsLogEntry() throws Exception {
        try (Connection connection = prepare("ddb-1-8", 8); Statement statement = connection.createStatement()) {
            statement.execute("XA COMMIT 'ddb-1-8'");
        }

        assertThat(DetachedBranch.commit(connector, "instance-1", "ddb-1-8", 8, 3, PAUSE)).isTrue();
    }

    @Test
    void aBranchStillHeldByALiveSessionIsNotClaimedCommitted() throws Exception {
        try (Connection holder = prepare("ddb-1-9", 9)) {
            assertThat(DetachedBranch.commit(connector, "instance-1", "ddb-1-9", 9, 3, PAUSE)).isFalse();

            try (Statement statement = holder.createStatement()) {
                statement.execute("XA ROLLBACK 'ddb-1-9'");
            }
        }
        assertThat(users()).isZero();
    }
}
