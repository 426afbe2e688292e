package dev.ddb.coordinator.status;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * {@code master} in {@code /actuator/health}: UP when the current master answers {@code SELECT 1}. A dead master
 * costs at most the pool's connection timeout (2 s), a hung one that plus this query timeout, never longer.
 */
class MasterHealthIndicator implements HealthIndicator {

    private static final int QUERY_TIMEOUT_SECONDS = 1;

    private final Topology topology;
    private final InstancePools pools;

    MasterHealthIndicator(Topology topology, InstancePools pools) {
        this.topology = topology;
        this.pools = pools;
    }

    @Override
    public Health health() {
        InstanceAddress master = topology.master();
        Health.Builder health;
        try (Connection connection = pools.dataSource(master.id()).getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            statement.execute("SELECT 1");
            health = Health.up();
        } catch (SQLException e) {
            health = Health.down().withDetail("error", e.getMessage());
        }
        return health.withDetail("id", master.id())
                .withDetail("address", master.host() + ":" + master.port())
                .withDetail("epoch", topology.epoch())
                .build();
    }
}
