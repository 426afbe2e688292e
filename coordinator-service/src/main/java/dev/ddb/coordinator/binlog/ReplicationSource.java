package dev.ddb.coordinator.binlog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * How a replica of the binlog mode is pointed at its master: by GTID from what it has applied
 * ({@code MASTER_USE_GTID = slave_pos}), logging in with the replication account, which holds REPLICATION SLAVE only
 * and is not the suite's account, whose sessions a new leader ends.
 */
public final class ReplicationSource {

    /** Seconds between a lost master and the I/O thread's next attempt; the server's default is a minute. */
    static final int CONNECT_RETRY_SECONDS = 1;
    /** Seconds of silence after which the master sends a heartbeat event, so a dead link is noticed. */
    static final double HEARTBEAT_SECONDS = 1;

    private final DbCredentials account;

    public ReplicationSource(DbCredentials account) {
        this.account = account;
    }

    /** Stops the replica's threads, points them at {@code master} from the replica's applied GTIDs and starts them. */
    public void pointAt(Statement replica, InstanceAddress master) throws SQLException {
        replica.execute("STOP SLAVE");
        startAfterOwnWrites(replica);
        replica.execute("CHANGE MASTER TO MASTER_HOST = " + quoted(master.host()) + ", MASTER_PORT = " + master.port()
                + ", MASTER_USER = " + quoted(account.user()) + ", MASTER_PASSWORD = " + quoted(account.password())
                + ", MASTER_CONNECT_RETRY = " + CONNECT_RETRY_SECONDS + ", MASTER_HEARTBEAT_PERIOD = " + HEARTBEAT_SECONDS
                + ", MASTER_USE_GTID = slave_pos");
        replica.execute("START SLAVE");
    }

    /**
     * An instance that was a master has its own writes in its binary log but not in {@code gtid_slave_pos}: it
     * follows from the end of its binary log, or it would ask for its own writes again. A replica's binary log holds
     * what it applied ({@code log_slave_updates}), so for it this changes nothing. Should the instance hold writes the
     * master lacks, the master refuses the position (error 1236) and the link reports the replica as divergent.
     */
    private static void startAfterOwnWrites(Statement replica) throws SQLException {
        String binlog;
        String applied;
        try (ResultSet rows = replica.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos")) {
            rows.next();
            binlog = rows.getString(1);
            applied = rows.getString(2);
        }
        if (Gtid.sequenceIn(binlog) > Gtid.sequenceIn(applied)) {
            replica.execute("SET GLOBAL gtid_slave_pos = @@GLOBAL.gtid_binlog_pos");
        }
    }

    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** A replica's {@code SHOW SLAVE STATUS}, as far as the link needs it; no row: it follows nobody. */
    record Status(String masterHost, int masterPort, boolean usesSlavePos, boolean ioRunning, boolean ioConnecting,
            boolean sqlRunning, Optional<String> ioError, Optional<String> sqlError) {

        static final Status NONE = new Status(null, 0, false, false, false, false, Optional.empty(), Optional.empty());

        static Status read(Statement replica) throws SQLException {
            try (ResultSet rows = replica.executeQuery("SHOW SLAVE STATUS")) {
                if (!rows.next()) {
                    return NONE;
                }
                String io = rows.getString("Slave_IO_Running");
                return new Status(rows.getString("Master_Host"), rows.getInt("Master_Port"),
                        "Slave_Pos".equalsIgnoreCase(rows.getString("Using_Gtid")), "Yes".equalsIgnoreCase(io),
                        "Connecting".equalsIgnoreCase(io), "Yes".equalsIgnoreCase(rows.getString("Slave_SQL_Running")),
                        error(rows.getInt("Last_IO_Errno"), rows.getString("Last_IO_Error")),
                        error(rows.getInt("Last_SQL_Errno"), rows.getString("Last_SQL_Error")));
            }
        }

        private static Optional<String> error(int number, String message) {
            return number == 0 ? Optional.empty() : Optional.of(number + " " + message);
        }

        boolean follows(InstanceAddress master) {
            return masterHost != null && usesSlavePos && masterHost.equals(master.host()) && masterPort == master.port();
        }
    }
}
