package dev.ddb.coordinator.status;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * How much disk each instance's {@code ddb_meta.log} takes and about how many entries it holds, as the server's own
 * table statistics say (InnoDB's row count is an estimate). Nothing prunes the log yet, so this is what an operator
 * watches; read in the background every {@code period}, never on a request or a scrape.
 */
final class LogSizes implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogSizes.class);
    private static final String SIZE = "SELECT data_length + index_length, table_rows FROM information_schema.tables"
            + " WHERE table_schema = 'ddb_meta' AND table_name = 'log'";
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    /** One instance's log as last read. */
    record Size(long bytes, long entries) {
    }

    private final Topology topology;
    private final Function<String, DataSource> pools;
    private final Map<String, Size> sizes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-log-sizes");

    LogSizes(Topology topology, Function<String, DataSource> pools, Duration period) {
        this.topology = topology;
        this.pools = pools;
        scheduler.scheduleWithFixedDelay(this::readAll, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The log's bytes on disk (data and indexes) at the last read; empty before one succeeded. */
    OptionalDouble bytes(String instanceId) {
        Size size = sizes.get(instanceId);
        return size == null ? OptionalDouble.empty() : OptionalDouble.of(size.bytes());
    }

    /** The server's estimate of the log's entries at the last read; empty before one succeeded. */
    OptionalDouble entries(String instanceId) {
        Size size = sizes.get(instanceId);
        return size == null ? OptionalDouble.empty() : OptionalDouble.of(size.entries());
    }

    void readAll() {
        for (InstanceAddress instance : topology.instances()) {
            try (Connection connection = pools.apply(instance.id()).getConnection();
                 PreparedStatement select = connection.prepareStatement(SIZE)) {
                select.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                try (ResultSet result = select.executeQuery()) {
                    if (result.next()) {
                        sizes.put(instance.id(), new Size(result.getLong(1), result.getLong(2)));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                // An unreachable instance keeps its last figures; its state is reported elsewhere.
                log.debug("could not read the log size of {}: {}", instance.id(), e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
