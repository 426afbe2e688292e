package dev.ddb.metrics.polling;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import dev.ddb.metrics.tracking.Probe;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Polls one instance over one connection kept from poll to poll, so the latency measured is the
 * query's round trip, not a handshake. A failed poll drops the connection and the next poll opens
 * a new one. Used by one thread at a time.
 *
 * <ul>
 *   <li>{@code connectTimeout} and {@code socketTimeout} bound how long a dead or hung instance
 *       holds its poll; {@code autoReconnect} stays off so a failure is seen, not hidden.</li>
 *   <li>No database in the URL: an instance whose {@code ddb_meta} is missing still connects, and
 *       its poll fails naming the missing table.</li>
 * </ul>
 */
final class InstanceProbe implements AutoCloseable {

    private static final String STATE = "SELECT applied_ts, epoch, role, "
            + "(SELECT COALESCE(MAX(ts), 0) FROM ddb_meta.log) FROM ddb_meta.state WHERE id = 1";

    private final InstanceAddress instance;
    private final Properties properties;
    private Connection connection;

    InstanceProbe(InstanceAddress instance, DbCredentials credentials, Duration connectTimeout, Duration socketTimeout) {
        this.instance = instance;
        this.properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
        properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
        properties.setProperty("autoReconnect", "false");
        properties.setProperty("tcpKeepAlive", "true");
    }

    String id() {
        return instance.id();
    }

    Probe probe() throws SQLException {
        try {
            if (connection == null) {
                connection = DriverManager.getConnection(instance.jdbcUrl(""), properties);
            }
            return read(connection);
        } catch (SQLException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException alreadyBroken) {
                // A connection that failed has nothing left to release.
            }
            connection = null;
        }
    }

    private static Probe read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long start = System.nanoTime();
            try (ResultSet one = statement.executeQuery("SELECT 1")) {
                one.next();
            }
            double latencyMs = (System.nanoTime() - start) / 1_000_000.0;
            long appliedTs;
            long epoch;
            String role;
            long logHighTs;
            try (ResultSet state = statement.executeQuery(STATE)) {
                if (!state.next()) {
                    throw new IllegalStateException("ddb_meta.state has no row 1; the instance was not provisioned");
                }
                appliedTs = state.getLong(1);
                epoch = state.getLong(2);
                role = state.getString(3);
                logHighTs = state.getLong(4);
            }
            long uptimeSeconds;
            try (ResultSet uptime = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
                if (!uptime.next()) {
                    throw new IllegalStateException("the server reports no Uptime status");
                }
                uptimeSeconds = uptime.getLong(2);
            }
            return new Probe(latencyMs, appliedTs, epoch, role, uptimeSeconds, logHighTs);
        }
    }
}
