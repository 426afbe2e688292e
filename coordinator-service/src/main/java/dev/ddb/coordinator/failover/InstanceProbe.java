package dev.ddb.coordinator.failover;

import dev.ddb.coordinator.binlog.GtidPositions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.PreparedBatches;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * What a failover learns from one instance over a fresh connection: whether it answers, how fast, how long it has
 * been up, its {@code ddb_meta.state}, and the suite's XA transactions it holds prepared.
 */
record InstanceProbe(InstanceAddress instance, boolean reachable, double latencyMs, long uptimeSeconds, long appliedTs,
        long epoch, InstanceRole role, List<String> preparedXids, String error) {

    static InstanceProbe of(InstanceAddress instance, InstanceConnector connector) {
        return of(instance, connector, false);
    }

    /**
     * @param binlog the binlog mode: how far an instance got is the furthest GTID sequence number it wrote, applied
     *     or received, not the log's {@code applied_ts}
     */
    static InstanceProbe of(InstanceAddress instance, InstanceConnector connector, boolean binlog) {
        long started = System.nanoTime();
        try (Connection connection = connector.open(instance); Statement statement = connection.createStatement()) {
            statement.execute("SELECT 1");
            double latencyMs = (System.nanoTime() - started) / 1_000_000.0;
            long uptime = 0;
            try (ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Uptime'")) {
                if (row.next()) {
                    uptime = row.getLong(2);
                }
            }
            InstanceState state = InstanceState.read(connection);
            long applied = binlog ? GtidPositions.read(connection).highest() : state.appliedTs();
            return new InstanceProbe(instance, true, latencyMs, uptime, applied, state.epoch(), state.role(),
                    preparedXids(statement), null);
        } catch (SQLException | RuntimeException e) {
            return new InstanceProbe(instance, false, -1, 0, 0, 0, null, List.of(), e.getMessage());
        }
    }

    String id() {
        return instance.id();
    }

    /** The batches the sequencer prepared ({@code ddb-<epoch>-<ts>}) and nobody committed or rolled back. */
    static List<String> preparedXids(Statement statement) throws SQLException {
        return PreparedBatches.xids(statement);
    }
}
