package dev.ddb.coordinator.replication;

import dev.ddb.mysql.testing.TestCluster;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** Connections to a test cluster's instance as the coordinator's writers open them (multi-statement queries on). */
final class Writers {

    private Writers() {
    }

    static Connection open(TestCluster cluster, String instanceId) throws SQLException {
        return new InstanceConnector(cluster.credentials(), Duration.ofSeconds(3), Duration.ofSeconds(30))
                .open(cluster.instance(instanceId).address());
    }
}
