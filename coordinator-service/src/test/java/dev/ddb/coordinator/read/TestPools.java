package dev.ddb.coordinator.read;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import dev.ddb.mysql.schema.Schema;
import dev.ddb.mysql.testing.ClusterInstance;
import dev.ddb.mysql.testing.TestCluster;

/** A small pool per test instance, failing fast when its instance is down, as the coordinator's do. */
final class TestPools implements AutoCloseable {

    static final int POOL_SIZE = 4;

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    TestPools(TestCluster cluster) {
        for (ClusterInstance instance : cluster.instances()) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("read-test-" + instance.id());
            config.setJdbcUrl(instance.jdbcUrl(Schema.DATABASE) + "?connectTimeout=1000&socketTimeout=10000");
            config.setUsername(cluster.credentials().user());
            config.setPassword(cluster.credentials().password());
            config.setMaximumPoolSize(POOL_SIZE);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(Duration.ofSeconds(1).toMillis());
            config.setValidationTimeout(Duration.ofMillis(500).toMillis());
            pools.put(instance.id(), new HikariDataSource(config));
        }
    }

    DataSource get(String instanceId) {
        return pools.get(instanceId);
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }
}
