package dev.ddb.coordinator.read;

/**
 * What one read requires of the instance that serves it.
 *
 * @param strong the client asked for STRONG consistency: only the master may answer
 * @param lockingRead the statement takes locks ({@code FOR UPDATE}, {@code LOCK IN SHARE MODE}),
 *     which only mean something on the master
 * @param minTimestamp a replica must have applied the log up to this timestamp (read-your-writes);
 *     null for no bound
 * @param maxLagMs a replica may lag the master by at most this many milliseconds (bounded
 *     staleness); null for no bound
 */
public record ReadDemand(boolean strong, boolean lockingRead, Long minTimestamp, Long maxLagMs) {

    public static final ReadDemand STRONG = new ReadDemand(true, false, null, null);
    /** An EVENTUAL, non-locking read with no bound on freshness. */
    public static final ReadDemand EVENTUAL = new ReadDemand(false, false, null, null);

    public ReadDemand {
        if (minTimestamp != null && minTimestamp < 0) {
            throw new IllegalArgumentException("min_timestamp must not be negative, got " + minTimestamp);
        }
        if (maxLagMs != null && maxLagMs < 0) {
            throw new IllegalArgumentException("max_lag_ms must not be negative, got " + maxLagMs);
        }
    }

    /** Whether the master alone may serve the read. */
    public boolean masterOnly() {
        return strong || lockingRead;
    }

    /** Whether a replica in this state may serve the read. */
    public boolean admits(ReplicaView replica) {
        return replica.readable()
                && (minTimestamp == null || replica.appliedTs() >= minTimestamp)
                && (maxLagMs == null || replica.lagMillis() <= maxLagMs);
    }
}
