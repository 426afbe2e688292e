package dev.ddb.coordinator.topology;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;

import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;

/** One small connection pool per instance for reads, with the same connection settings as the writers. */
public final class InstancePools implements AutoCloseable {

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    public InstancePools(Iterable<InstanceAddress> instances, InstanceConnector connector, int poolSize) {
        for (InstanceAddress instance : instances) {
            pools.put(instance.id(), smallPool("ddb-" + instance.id(),
                    new DriverDataSource(instance.jdbcUrl(Schema.DATABASE), null, connector.properties(), null, null),
                    poolSize));
        }
    }

    /** A pool of one instance's connections with the settings every per-instance pool of the coordinator shares. */
    public static HikariDataSource smallPool(String name, DataSource connections, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setDataSource(connections);
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        // An instance that is down at start must not stop the coordinator from starting.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
        config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
        return new HikariDataSource(config);
    }

    public DataSource dataSource(String instanceId) {
        HikariDataSource pool = pools.get(instanceId);
        if (pool == null) {
            throw new IllegalArgumentException("no pool for instance '" + instanceId + "'");
        }
        return pool;
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
