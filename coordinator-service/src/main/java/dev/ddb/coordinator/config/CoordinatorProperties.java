package dev.ddb.coordinator.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.ddb.mysql.cluster.ReplicationMode;

/**
 * The coordinator's settings ({@code ddb.coordinator.*}), defaults in application.yml, each
 * overridable from the environment.
 *
 * @param id this coordinator's name, which the instances record with the leadership terms it claims
 * @param instances the instance list, {@code id=host:port,...} ({@code DDB_INSTANCES}); empty means the four local defaults
 * @param database the database unqualified table names belong to
 * @param maxBatchSize the most writes one master transaction carries (group commit)
 * @param queueCapacity writes that may wait for the sequencer before new ones get 503
 * @param quorumTimeout how long a STRONG write waits for its quorum before the honest 503
 * @param writeTimeout how long a client waits for any write's outcome
 * @param maxRequestSize bodies above it get 413
 * @param readStrategy {@code round_robin}, {@code least_loaded} or {@code latency}
 * @param maxReadRows rows a read returns before its answer is truncated
 * @param readTimeout how long a client's read may run on an instance before 504; zero for no limit
 * @param maxResponseSize the most bytes a read's rows may take as JSON before 413
 * @param poolSize connections per instance for reads and bookkeeping
 * @param timestampBlockSize timestamps fetched at once at least; the rest serve the next batches
 * @param parseTimeout how long parsing one statement may take before it is refused with 400 TOO_COMPLEX
 * @param replicationMode {@code timestamp-log} or {@code binlog} ({@code DDB_REPLICATION_MODE}), as the instances
 *     were started for
 * @param binlogWriters in the binlog mode, how many writes run on the master at once, each on its own connection
 */
@ConfigurationProperties("ddb.coordinator")
public record CoordinatorProperties(
        String id,
        String instances,
        String database,
        int maxBatchSize,
        int queueCapacity,
        Duration quorumTimeout,
        Duration writeTimeout,
        DataSize maxRequestSize,
        String readStrategy,
        int maxReadRows,
        Duration readTimeout,
        DataSize maxResponseSize,
        int poolSize,
        int timestampBlockSize,
        Duration parseTimeout,
        String replicationMode,
        int binlogWriters) {

    /** The property that chooses the replication mode, for beans built in one mode only. */
    public static final String REPLICATION_MODE = "ddb.coordinator.replication-mode";

    public ReplicationMode mode() {
        return ReplicationMode.parse(replicationMode);
    }
}
