package dev.ddb.mysql.testing;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.ReplicationMode;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.server.LocalServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/** A {@link TestCluster} of local server processes, with access to each {@link LocalServer}. */
public final class LocalTestCluster implements TestCluster {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final List<ClusterInstance> instances;
    private final DbCredentials credentials;
    private final ReplicationMode mode;

    LocalTestCluster(List<LocalServer> servers, DbCredentials credentials, ReplicationMode mode) {
        this.instances = servers.stream().<ClusterInstance>map(LocalInstance::new).toList();
        this.credentials = credentials;
        this.mode = mode;
    }

    public ReplicationMode mode() {
        return mode;
    }

    @Override
    public List<ClusterInstance> instances() {
        return instances;
    }

    @Override
    public DbCredentials credentials() {
        return credentials;
    }

    public LocalServer server(String id) {
        return ((LocalInstance) instance(id)).server();
    }

    /** Starts any instance a previous test class left stopped, then empties every instance. */
    void reset() {
        for (ClusterInstance instance : instances) {
            instance.start();
            if (mode == ReplicationMode.BINLOG) {
                stopReplication(instance);
            }
        }
        for (ClusterInstance instance : instances) {
            try (Connection connection = connect(instance.id(), "")) {
                if (mode == ReplicationMode.BINLOG) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SET SESSION sql_log_bin = 0");
                    }
                }
                Schema.reset(connection, instance.id());
                if (mode == ReplicationMode.BINLOG) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("RESET MASTER");
                        statement.execute("SET GLOBAL gtid_slave_pos = ''");
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot reset " + instance.id() + " on port " + instance.port()
                        + " to an empty schema: " + e.getMessage(), e);
            }
        }
    }

    /** A binlog-mode instance leaves the previous class's replication: no threads, no master, no relay logs. */
    private void stopReplication(ClusterInstance instance) {
        try (Connection connection = connect(instance.id(), ""); Statement statement = connection.createStatement()) {
            statement.execute("STOP ALL SLAVES");
            statement.execute("RESET SLAVE ALL");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot stop replication on " + instance.id() + ": " + e.getMessage(), e);
        }
    }

    private record LocalInstance(LocalServer server) implements ClusterInstance {

        @Override
        public String id() {
            return server.layout().name();
        }

        @Override
        public String host() {
            return "127.0.0.1";
        }

        @Override
        public int port() {
            return server.layout().port();
        }

        @Override
        public String jdbcUrl(String database) {
            return server.jdbcUrl(database);
        }

        @Override
        public void kill() {
            server.kill();
        }

        @Override
        public void stop() {
            server.stop(STOP_TIMEOUT);
        }

        @Override
        public void start() {
            server.start(START_TIMEOUT);
        }

        @Override
        public void restart() {
            server.restart(START_TIMEOUT);
        }

        @Override
        public boolean isRunning() {
            return server.isRunning();
        }
    }
}
