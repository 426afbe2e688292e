package dev.ddb.stress.bench;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.server.LocalServer;
import dev.ddb.mysql.server.ServerBinary;
import dev.ddb.mysql.server.ServerLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import dev.ddb.mysql.server.FreePorts;

/**
 * MariaDB's own answer to the suite's problem, as the benchmark's second baseline: a master and three replicas
 * with lossless semi-synchronous replication ({@code rpl_semi_sync_master_wait_point=AFTER_SYNC}: a commit is
 * answered once a replica has received its binlog event), each a server of its own on a free port in a temporary
 * directory, with the suite's server.cnf. Each server is provisioned (application user, schemas) by a first start,
 * then started again with the binary log and semi-sync options on the command line, which override the shared
 * configuration's {@code skip-log-bin}. Closing stops and deletes all four; so does the JVM's shutdown.
 */
public final class SemiSyncCluster implements AutoCloseable {

    private static final int REPLICAS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** How long a replica may take to negotiate semi-sync before its I/O thread is restarted. */
    private static final Duration NUDGE_AFTER = Duration.ofSeconds(10);
    /** Longer than any measurement, so the master never falls back to asynchronous replication during a run. */
    private static final long SEMI_SYNC_TIMEOUT_MILLIS = 600_000;

    private final TemporaryServers temporary;
    private final DbCredentials credentials;
    private final List<LocalServer> servers = new ArrayList<>();

    private SemiSyncCluster(TemporaryServers temporary, DbCredentials credentials) {
        this.temporary = temporary;
        this.credentials = credentials;
    }

    /** Starts the four servers and connects the replicas; on failure nothing is left running. */
    public static SemiSyncCluster provision(DbCredentials credentials) throws SQLException, InterruptedException {
        ServerBinary binary = ServerBinary.locate();
        if (binary.kind() != ServerBinary.Kind.MARIADB) {
            throw new IllegalStateException("the semi-sync baseline uses MariaDB's built-in semi-sync options; the"
                    + " server found is " + binary.describe());
        }
        SemiSyncCluster cluster = new SemiSyncCluster(new TemporaryServers("ddb-semisync-"), credentials);
        try {
            cluster.start(binary);
            return cluster;
        } catch (SQLException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void start(ServerBinary binary) throws SQLException, InterruptedException {
        Set<Integer> ports = new HashSet<>();
        for (int n = 0; n <= REPLICAS; n++) {
            int port = FreePorts.onLoopback();
            while (!ports.add(port)) {
                port = FreePorts.onLoopback();
            }
            String name = n == 0 ? "semisync-master" : "semisync-replica-" + n;
            LocalServer server = temporary.add(new LocalServer(new ServerLayout(name, port, temporary.directoryOf(name)),
                    binary, credentials));
            servers.add(server);
            // Provisioned without the options below: with semi-sync on, the provisioning statements would wait for
            // a replica's acknowledgement that cannot come yet.
            server.start(START_TIMEOUT);
            server.stop(STOP_TIMEOUT);
        }
        master().start(START_TIMEOUT, List.of("--log-bin=semisync-bin", "--binlog-format=ROW", "--sync-binlog=1",
                "--rpl-semi-sync-master-enabled=ON", "--rpl-semi-sync-master-wait-point=AFTER_SYNC",
                "--rpl-semi-sync-master-timeout=" + SEMI_SYNC_TIMEOUT_MILLIS));
        for (LocalServer replica : replicas()) {
            replica.start(START_TIMEOUT, List.of("--rpl-semi-sync-slave-enabled=ON", "--relay-log=semisync-relay"));
        }
        BinlogPosition end = binlogEnd();
        for (LocalServer replica : replicas()) {
            try (Connection connection = connect(replica); Statement statement = connection.createStatement()) {
                statement.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + master().layout().port()
                        + ", MASTER_USER = '" + credentials.user().replace("'", "''") + "', MASTER_PASSWORD = '"
                        + credentials.password().replace("'", "''") + "', MASTER_LOG_FILE = '" + end.file()
                        + "', MASTER_LOG_POS = " + end.position());
                statement.execute("START SLAVE");
            }
        }
        awaitSemiSyncReplicas();
    }

    /**
     * Waits until the master counts every replica as a semi-sync client. A replica whose I/O thread has not
     * negotiated semi-sync after a while gets its I/O thread restarted, which negotiates again.
     */
    private void awaitSemiSyncReplicas() throws SQLException, InterruptedException {
        long started = System.nanoTime();
        long nextNudge = started + NUDGE_AFTER.toNanos();
        while (statusValue("Rpl_semi_sync_master_clients") < REPLICAS) {
            long now = System.nanoTime();
            if (now - started > START_TIMEOUT.toNanos()) {
                throw new IllegalStateException("only " + statusValue("Rpl_semi_sync_master_clients") + " of "
                        + REPLICAS + " semi-sync replicas connected to the master in " + START_TIMEOUT.toSeconds()
                        + " s: " + replicaStates());
            }
            if (now > nextNudge) {
                for (LocalServer replica : replicas()) {
                    if (!isSemiSyncReplica(replica)) {
                        try (Connection connection = connect(replica); Statement statement = connection.createStatement()) {
                            statement.execute("STOP SLAVE IO_THREAD");
                            statement.execute("START SLAVE IO_THREAD");
                        }
                    }
                }
                nextNudge = now + NUDGE_AFTER.toNanos();
            }
            Thread.sleep(100);
        }
    }

    private boolean isSemiSyncReplica(LocalServer replica) throws SQLException {
        try (Connection connection = connect(replica); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_slave_status'")) {
            return result.next() && "ON".equalsIgnoreCase(result.getString(2));
        }
    }

    /** e.g. "semisync-replica-2: I/O thread Connecting, last I/O error: ..., semi-sync OFF". */
    private String replicaStates() throws SQLException {
        List<String> states = new ArrayList<>();
        for (LocalServer replica : replicas()) {
            try (Connection connection = connect(replica); Statement statement = connection.createStatement();
                 ResultSet status = statement.executeQuery("SHOW SLAVE STATUS")) {
                String state = status.next()
                        ? "I/O thread " + status.getString("Slave_IO_Running") + ", last I/O error: "
                        + status.getString("Last_IO_Error")
                        : "not a replica";
                states.add(replica.layout().name() + ": " + state + ", semi-sync "
                        + (isSemiSyncReplica(replica) ? "ON" : "OFF"));
            }
        }
        return String.join("; ", states);
    }

    private List<LocalServer> replicas() {
        return servers.subList(1, servers.size());
    }

    public int masterPort() {
        return master().layout().port();
    }

    public String masterJdbcUrl() {
        return master().jdbcUrl(Schema.DATABASE);
    }

    public Properties jdbcProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", "5000");
        properties.setProperty("socketTimeout", "30000");
        return properties;
    }

    /** e.g. "MariaDB 10.11.13, master on port 41234 and 3 replicas, lossless semi-sync (AFTER_SYNC)". */
    public String describe() {
        return master().binary().describe() + ", master on port " + master().layout().port() + " and " + REPLICAS
                + " replicas, lossless semi-sync (AFTER_SYNC), started for this run";
    }

    /**
     * The master's semi-sync counters: commits answered after a replica's acknowledgement ({@code yes_tx}) and
     * without one ({@code no_tx}, which a lossless baseline must keep at 0), and whether semi-sync is still on.
     */
    public Map<String, Object> counters() throws SQLException {
        Map<String, Object> counters = new LinkedHashMap<>();
        try (Connection connection = connect(master()); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW GLOBAL STATUS WHERE Variable_name IN"
                     + " ('Rpl_semi_sync_master_status', 'Rpl_semi_sync_master_yes_tx', 'Rpl_semi_sync_master_no_tx',"
                     + " 'Rpl_semi_sync_master_clients')")) {
            while (result.next()) {
                counters.put(result.getString(1).toLowerCase(java.util.Locale.ROOT), result.getString(2));
            }
        }
        return counters;
    }

    private long statusValue(String variable) throws SQLException {
        try (Connection connection = connect(master()); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + variable + "'")) {
            return result.next() ? Long.parseLong(result.getString(2)) : 0;
        }
    }

    private LocalServer master() {
        return servers.get(0);
    }

    private Connection connect(LocalServer server) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(Schema.DATABASE), jdbcProperties());
    }

    /**
     * Waits until every replica has applied the master's binary log up to its current end.
     *
     * @return the seconds that took
     */
    public double awaitReplicasApplied(Duration patience) throws SQLException {
        long started = System.nanoTime();
        BinlogPosition end = binlogEnd();
        for (LocalServer replica : replicas()) {
            long left = Math.max(1, patience.toSeconds() - (System.nanoTime() - started) / 1_000_000_000L);
            try (Connection connection = connect(replica);
                 PreparedStatement wait = connection.prepareStatement("SELECT MASTER_POS_WAIT(?, ?, ?)")) {
                wait.setString(1, end.file());
                wait.setLong(2, end.position());
                wait.setLong(3, left);
                try (ResultSet waited = wait.executeQuery()) {
                    waited.next();
                    if (waited.getObject(1) == null || waited.getLong(1) < 0) {
                        throw new IllegalStateException(replica.layout().name() + " did not apply the master's binary log up to "
                                + end + " within " + patience.toSeconds() + " s");
                    }
                }
            }
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private record BinlogPosition(String file, long position) {
        @Override
        public String toString() {
            return file + ":" + position;
        }
    }

    /** Where the master's binary log ends now. */
    private BinlogPosition binlogEnd() throws SQLException {
        try (Connection master = connect(master()); Statement statement = master.createStatement();
             ResultSet status = statement.executeQuery("SHOW MASTER STATUS")) {
            if (!status.next()) {
                throw new IllegalStateException("the semi-sync master has no binary log");
            }
            return new BinlogPosition(status.getString(1), status.getLong(2));
        }
    }

    @Override
    public void close() {
        temporary.close();
    }
}
