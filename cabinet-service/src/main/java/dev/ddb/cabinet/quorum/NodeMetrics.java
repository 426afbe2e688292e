package dev.ddb.cabinet.quorum;

/**
 * What Cabinet knows about one node when it ranks the cluster.
 *
 * @param id                     the instance id
 * @param healthy                whether the metrics collector reached the node on its last poll
 * @param latencyMs              the polled round-trip latency in milliseconds
 * @param replicationLag         how many timestamps the node's applied log is behind the master's
 * @param observedApplyLatencyMs the apply latency the coordinator measured for this node, in
 *                               milliseconds, or {@code null} when it has reported none
 */
public record NodeMetrics(String id, boolean healthy, double latencyMs, long replicationLag,
                          Double observedApplyLatencyMs) {

    public NodeMetrics {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("node id must not be blank");
        }
        requireLatency(id, "latency_ms", latencyMs);
        if (replicationLag < 0) {
            throw new IllegalArgumentException("replication lag of " + id + " must not be negative, was " + replicationLag);
        }
        if (observedApplyLatencyMs != null) {
            requireLatency(id, "observed apply latency", observedApplyLatencyMs);
        }
    }

    public NodeMetrics(String id, boolean healthy, double latencyMs, long replicationLag) {
        this(id, healthy, latencyMs, replicationLag, null);
    }

    /**
     * The seed's {@code 1/(latency + lag + 1)}, where latency is the larger of the polled and the
     * observed apply latency: a STRONG write waits for the apply, so a node that answers
     * {@code SELECT 1} quickly but applies slowly must not rank as fast.
     */
    public double responsiveness() {
        double latency = observedApplyLatencyMs == null ? latencyMs : Math.max(latencyMs, observedApplyLatencyMs);
        return 1.0 / (latency + replicationLag + 1);
    }

    private static void requireLatency(String id, String name, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " of " + id + " must be a finite number of milliseconds >= 0, was " + value);
        }
    }
}
