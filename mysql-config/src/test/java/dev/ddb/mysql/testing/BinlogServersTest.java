package dev.ddb.mysql.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.ReplicationMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Servers of the binlog mode: a row-based binary log with strict GTIDs, nothing of the provisioning in it, and the
 * replication account enough for a replica to follow a master by GTID.
 */
@LocalServers(count = 2, replication = ReplicationMode.BINLOG)
class BinlogServersTest {

    @Test
    void aReplicaFollowsItsMasterByGtidFromAnEmptyBinaryLog(LocalTestCluster cluster) throws SQLException {
        assertThat(cluster.mode()).isEqualTo(ReplicationMode.BINLOG);
        DbCredentials replication = DbCredentials.replicationFromEnvironment();
        try (Connection master = cluster.connect("instance-1", "ddb"); Statement onMaster = master.createStatement();
             Connection replica = cluster.connect("instance-2", "ddb"); Statement onReplica = replica.createStatement()) {
            assertThat(text(onMaster, "SELECT @@log_bin, @@binlog_format, @@gtid_strict_mode, @@log_slave_updates"))
                    .isEqualTo("1 ROW 1 1");
            assertThat(text(onMaster, "SELECT @@gtid_binlog_pos")).isEmpty();
            onReplica.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = "
                    + cluster.instance("instance-1").port() + ", MASTER_USER = '" + replication.user()
                    + "', MASTER_PASSWORD = '" + replication.password() + "', MASTER_CONNECT_RETRY = 1, MASTER_USE_GTID = slave_pos");
            onReplica.execute("START SLAVE");

            onMaster.execute("CREATE TABLE t (id INT PRIMARY KEY, u VARCHAR(36))");
            onMaster.execute("INSERT INTO t VALUES (1, UUID())");
            String gtid = text(onMaster, "SELECT @@last_gtid");
            assertThat(gtid).matches("0-\\d+-2");
            // The wait compares sequence numbers per domain: the server id in the position does not matter.
            assertThat(text(onReplica, "SELECT MASTER_GTID_WAIT('0-1-2', 30)")).as(() -> {
                try {
                    return slaveStatus(onReplica);
                } catch (SQLException e) {
                    return e.toString();
                }
            }).isEqualTo("0");
            assertThat(text(onReplica, "SELECT @@gtid_slave_pos")).isEqualTo(gtid);
            assertThat(text(onReplica, "SELECT u FROM t")).isEqualTo(text(onMaster, "SELECT u FROM t"));
            assertThat(text(onReplica, "SELECT MASTER_GTID_WAIT('0-1-3', 0.1)")).isEqualTo("-1");
        }
    }

    private static String slaveStatus(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SHOW SLAVE STATUS")) {
            if (!rows.next()) {
                return "no slave status";
            }
            return "io " + rows.getString("Slave_IO_Running") + " sql " + rows.getString("Slave_SQL_Running") + " io error "
                    + rows.getString("Last_IO_Error") + " sql error " + rows.getString("Last_SQL_Error") + " pos "
                    + rows.getString("Gtid_IO_Pos");
        }
    }

    private static String text(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            StringBuilder text = new StringBuilder();
            for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                text.append(i == 1 ? "" : " ").append(rows.getString(i));
            }
            return text.toString();
        }
    }
}
