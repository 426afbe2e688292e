package dev.ddb.stress.runner;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.schema.Schema;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import tools.jackson.databind.JsonNode;

/**
 * The suite's instances as the coordinator's {@code GET /status} names them, read directly over JDBC, so the
 * invariants are checked on what each server holds rather than on what the coordinator says about it. How far an
 * instance got is read where its {@link ReplicationMode} keeps it.
 */
final class Cluster {

    /** One server of the suite; {@code master} as the coordinator saw it when the list was taken. */
    record Instance(String id, String host, int port, boolean master) {

        String jdbcUrl() {
            return "jdbc:mysql://" + host + ":" + port + "/" + Schema.DATABASE;
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final SuiteClient coordinator;
    private final ReplicationMode mode;
    private final Properties jdbc = new Properties();

    Cluster(SuiteClient coordinator, DbCredentials credentials, ReplicationMode mode) {
        this.coordinator = coordinator;
        this.mode = mode;
        jdbc.setProperty("user", credentials.user());
        jdbc.setProperty("password", credentials.password());
        jdbc.setProperty("connectTimeout", "3000");
        jdbc.setProperty("socketTimeout", "60000");
    }

    Properties jdbcProperties() {
        return jdbc;
    }

    ReplicationMode mode() {
        return mode;
    }

    /** The master first, then the replicas, from {@code GET /status}. */
    List<Instance> instances() throws IOException, InterruptedException {
        JsonNode status = coordinator.status();
        List<Instance> instances = new ArrayList<>();
        JsonNode master = status.path("current_master");
        if (master.isObject()) {
            instances.add(new Instance(master.path("id").asString(), master.path("host").asString(),
                    master.path("port").asInt(), true));
        }
        status.path("current_replicas").valueStream().forEach(replica -> instances.add(new Instance(
                replica.path("id").asString(), replica.path("host").asString(), replica.path("port").asInt(), false)));
        if (instances.isEmpty()) {
            throw new IOException("GET /status named no instance: " + status);
        }
        return instances;
    }

    Connection connect(Instance instance) throws SQLException {
        return DriverManager.getConnection(instance.jdbcUrl(), jdbc);
    }

    /**
     * Waits until every instance holds all the master holds: in the timestamp-log mode, has applied the master's
     * highest log entry and logged it; in the binlog mode, has the master's GTID position in its binary log.
     *
     * @return the highest timestamp every instance reached
     * @throws Violation naming the instances still behind when the patience ran out
     */
    long awaitConvergence(Duration patience) throws IOException, InterruptedException {
        return switch (mode) {
            case TIMESTAMP_LOG -> awaitLogConvergence(patience);
            case BINLOG -> awaitBinlogConvergence(patience);
        };
    }

    private long awaitLogConvergence(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        Map<String, String> behind = new LinkedHashMap<>();
        while (true) {
            behind.clear();
            List<Instance> instances = instances();
            long target = -1;
            Map<String, long[]> seen = new LinkedHashMap<>();
            for (Instance instance : instances) {
                try (Connection connection = connect(instance); Statement statement = connection.createStatement()) {
                    long lastLogged = single(statement, "SELECT COALESCE(MAX(ts), 0) FROM ddb_meta.log");
                    long applied = single(statement, "SELECT applied_ts FROM ddb_meta.state WHERE id = 1");
                    seen.put(instance.id(), new long[] {lastLogged, applied});
                    if (instance.master()) {
                        target = lastLogged;
                    }
                } catch (SQLException e) {
                    behind.put(instance.id(), "unreachable (" + e.getMessage() + ")");
                }
            }
            for (Map.Entry<String, long[]> entry : seen.entrySet()) {
                long[] values = entry.getValue();
                if (target >= 0 && (values[0] != target || values[1] < target)) {
                    behind.put(entry.getKey(), "last log entry " + values[0] + ", applied_ts " + values[1]
                            + ", master at " + target);
                }
            }
            if (behind.isEmpty() && target >= 0) {
                return target;
            }
            if (System.nanoTime() > deadline) {
                throw new Violation("convergence", "instances still behind after " + patience.toSeconds() + " s: "
                        + behind);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * Only reachable instances count: the invariants that follow read every instance and name any they cannot reach,
     * so waiting out the patience for one would only delay that verdict.
     */
    private long awaitBinlogConvergence(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            String master = null;
            Map<String, Long> positions = new LinkedHashMap<>();
            for (Instance instance : instances()) {
                if (instance.master()) {
                    master = instance.id();
                }
                binlogPositionIfReachable(instance).ifPresent(position -> positions.put(instance.id(), position));
            }
            Map<String, String> behind = behindTheMaster(master, positions);
            if (behind.isEmpty()) {
                return positions.get(master);
            }
            if (System.nanoTime() > deadline) {
                throw new Violation("convergence", "instances still behind after " + patience.toSeconds() + " s: "
                        + behind);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * @param positions each reachable instance's domain-0 sequence of {@code gtid_binlog_pos}
     * @return per instance whose binary log does not end where the master's does, why; the master itself when it
     *     could not be read, since then there is nothing to converge on
     */
    static Map<String, String> behindTheMaster(String master, Map<String, Long> positions) {
        Map<String, String> behind = new LinkedHashMap<>();
        Long target = positions.get(master);
        if (target == null) {
            behind.put(master == null ? "master" : master, "the master's binary log position could not be read");
            return behind;
        }
        positions.forEach((id, position) -> {
            if (position.longValue() != target) {
                behind.put(id, "binary log at " + position + ", master at " + target);
            }
        });
        return behind;
    }

    /** Each instance's domain-0 sequence of {@code gtid_binlog_pos}, in the order given. */
    Map<String, Long> binlogPositions(List<Instance> instances) throws SQLException {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (Instance instance : instances) {
            try (Connection connection = connect(instance)) {
                positions.put(instance.id(), binlogPosition(connection));
            }
        }
        return positions;
    }

    private Optional<Long> binlogPositionIfReachable(Instance instance) {
        try (Connection connection = connect(instance)) {
            return Optional.of(binlogPosition(connection));
        } catch (SQLException unreachable) {
            return Optional.empty();
        }
    }

    private static long binlogPosition(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT @@GLOBAL.gtid_binlog_pos")) {
            result.next();
            return GtidPosition.suiteSequence(result.getString(1));
        }
    }

    static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException("no row from " + sql);
            }
            return result.getLong(1);
        }
    }
}
