package dev.ddb.mysql.testing;

import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.schema.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Running servers a test works against, provisioned like the suite's instances (application user,
 * ddb and ddb_meta schemas, shared server.cnf), named instance-1..N. Local processes
 * ({@link LocalServers}) and containers implement it, so one test body runs on either.
 */
public interface TestCluster {

    List<ClusterInstance> instances();

    DbCredentials credentials();

    /** @throws IllegalArgumentException naming the unknown id and the known ones */
    default ClusterInstance instance(String id) {
        return instances().stream()
                .filter(instance -> instance.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no instance " + id + " in this cluster; it has "
                        + instances().stream().map(ClusterInstance::id).collect(Collectors.joining(", "))));
    }

    /** The instances as services read them; {@code topology().spec()} is a DDB_INSTANCES value. */
    default ClusterTopology topology() {
        return new ClusterTopology(instances().stream().map(ClusterInstance::address).toList());
    }

    /** Empties every instance back to its provisioned schemas, as before a test that needs a clean start. */
    default void emptyAll() throws SQLException {
        for (ClusterInstance instance : instances()) {
            try (Connection connection = connect(instance.id(), "")) {
                Schema.reset(connection, instance.id());
            }
        }
    }

    /** A new connection as the application user, over TCP. */
    default Connection connect(String id, String database) throws SQLException {
        return DriverManager.getConnection(instance(id).jdbcUrl(database), credentials().user(), credentials().password());
    }
}
