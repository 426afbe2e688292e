package dev.ddb.coordinator.read;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.DriverDataSource;

import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;

/**
 * One small pool per instance for clients' reads, logged in as the reader (no access to
 * {@code ddb_meta} or {@code mysql}), each connection limited by the {@link ReadSession} when it
 * is opened. The suite's own reads of its bookkeeping use {@code InstancePools}.
 */
public final class ReadPools implements AutoCloseable {

    private final Map<String, HikariDataSource> pools = new LinkedHashMap<>();

    /** @param connectionProperties Connector/J's properties, the reader's user and password included */
    public ReadPools(Iterable<InstanceAddress> instances, Properties connectionProperties, ReadSession session,
            int poolSize) {
        for (InstanceAddress instance : instances) {
            pools.put(instance.id(), InstancePools.smallPool("ddb-read-" + instance.id(), new LimitedSessions(
                    new DriverDataSource(instance.jdbcUrl(Schema.DATABASE), null, connectionProperties, null, null), session),
                    poolSize));
        }
    }

    public DataSource dataSource(String instanceId) {
        HikariDataSource pool = pools.get(instanceId);
        if (pool == null) {
            throw new IllegalArgumentException("no read pool for instance '" + instanceId + "'");
        }
        return pool;
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
    }

    /** The driver's connections, each limited before the pool hands it out. */
    private record LimitedSessions(DataSource driver, ReadSession session) implements DataSource {

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = driver.getConnection();
            try {
                session.limit(connection);
                return connection;
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException("the read pools log in as the reader only");
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return driver.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            driver.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            driver.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return driver.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return driver.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return driver.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return driver.isWrapperFor(type);
        }
    }
}
