package dev.ddb.coordinator.read;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import javax.sql.DataSource;

import dev.ddb.coordinator.error.CoordinatorException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read path: asks the {@link ReadRouter} where the read may run, tries those instances in
 * order, and moves on to the next one only when an instance could not be reached.
 */
public final class Reads {

    private static final Logger log = LoggerFactory.getLogger(Reads.class);

    private final ReadRouter router;
    private final ReadExecutor executor;
    private final Function<String, DataSource> dataSources;
    private final Supplier<ReadTargets> targets;

    /**
     * @param dataSources the connection pool of each instance, by instance id
     * @param targets the current master and replica views, asked once per read
     */
    public Reads(ReadRouter router, ReadExecutor executor, Function<String, DataSource> dataSources,
            Supplier<ReadTargets> targets) {
        this.router = router;
        this.executor = executor;
        this.dataSources = dataSources;
        this.targets = targets;
    }

    /**
     * Runs the read on the first candidate that answers.
     *
     * @param strong the client asked for STRONG consistency
     * @param lockingRead the statement locks rows ({@code FOR UPDATE}, {@code LOCK IN SHARE MODE})
     * @param minTimestamp a replica must have applied this timestamp; null for no bound
     * @param maxLagMs a replica may lag by at most this many ms; null for no bound
     * @throws IllegalArgumentException for a negative bound or a parameter JSON cannot carry
     * @throws ReadStatementException when an instance refused the statement itself; nothing else is tried
     * @throws CoordinatorException 504 {@code READ_TIMEOUT} when the read outlasted the time limit (not
     *     retried elsewhere), 413 {@code RESPONSE_TOO_LARGE} when its answer is over the byte limit
     * @throws ReadUnavailableException when no candidate could be reached, naming each one's failure
     */
    public ReadResult execute(String sql, List<?> params, boolean strong, boolean lockingRead, Long minTimestamp,
            Long maxLagMs) {
        ReadDemand demand = new ReadDemand(strong, lockingRead, minTimestamp, maxLagMs);
        ReadTargets now = targets.get();
        Map<String, SQLException> failures = new LinkedHashMap<>();
        for (String instanceId : router.candidates(now.masterId(), now.replicas(), demand)) {
            try {
                return executor.execute(instanceId, dataSources.apply(instanceId), sql, params, lockingRead);
            } catch (SQLException e) {
                if (ReadSession.isTimeout(e)) {
                    // Another instance would take as long, and the client asked for an answer within the limit.
                    throw new CoordinatorException(504, "READ_TIMEOUT", "The read ran longer than the limit of "
                            + executor.session().statementLimit().toMillis() + " ms (DDB_READ_TIMEOUT) on " + instanceId
                            + " and was stopped there; it is not tried on another instance.", List.of(), e);
                }
                if (!ConnectionLoss.isConnectionLevel(e)) {
                    throw new ReadStatementException(instanceId, e);
                }
                log.debug("Read on {} failed at the connection level, trying the next instance: {}", instanceId, e.getMessage());
                failures.put(instanceId, e);
            }
        }
        throw new ReadUnavailableException(failures);
    }
}
