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
import java.util.Properties;
import tools.jackson.databind.JsonNode;

/**
 * The suite's instances as the coordinator's {@code GET /status} names them, read directly over JDBC, so the
 * invariants are checked on what each server holds rather than on what the coordinator says about it.
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
     * Waits until every instance has applied the master's highest log entry and holds it.
     *
     * @return the highest log timestamp every instance reached
     * @throws Violation naming the instances still behind when the patience ran out
     */
    long awaitConvergence(Duration patience) throws IOException, InterruptedException {
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

    static long single(Statement statement, String sql) throws SQLException {
        try (ResultSet result = statement.executeQuery(sql)) {
            if (!result.next()) {
                throw new SQLException("no row from " + sql);
            }
            return result.getLong(1);
        }
    }
}
