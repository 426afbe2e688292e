package dev.ddb.coordinator.topology;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;

/** One small connection pool per instance for reads, with the same connection settings as the writers. */
public final class InstancePools implements AutoCloseable {

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    public InstancePools(Iterable<InstanceAddress> instances, InstanceConnector connector, int poolSize) {
        for (InstanceAddress instance : instances) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("ddb-" + instance.id());
            config.setJdbcUrl(instance.jdbcUrl(Schema.DATABASE));
            config.setDataSourceProperties(connector.properties());
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(1);
            // An instance that is down at start must not stop the coordinator from starting.
            config.setInitializationFailTimeout(-1);
            config.setConnectionTimeout(Duration.ofSeconds(2).toMillis());
            config.setValidationTimeout(Duration.ofSeconds(1).toMillis());
            pools.put(instance.id(), new HikariDataSource(config));
        }
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
