package dev.ddb.seer.election;

/**
 * What SEER knows about one instance when the master must be replaced.
 *
 * @param id             the instance id
 * @param healthy        whether the metrics collector reached the instance on its last poll
 * @param latencyMs      the polled round-trip latency in milliseconds
 * @param uptimeSeconds  the server's uptime
 * @param crashCount     how often the instance went from healthy to down
 * @param replicationLag how many timestamps its applied log is behind the master's
 * @param promotionRule  the operator's rule for this instance
 * @param failedMaster   whether this is the master being replaced (failed, or stepping down in a
 *                       switchover); it is never elected
 */
public record CandidateMetrics(String id, boolean healthy, double latencyMs, long uptimeSeconds, long crashCount,
                               long replicationLag, PromotionRule promotionRule, boolean failedMaster) {

    public CandidateMetrics {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("candidate id must not be blank");
        }
        if (!Double.isFinite(latencyMs) || latencyMs < 0) {
            throw new IllegalArgumentException("latency_ms of " + id + " must be a finite number >= 0, was " + latencyMs);
        }
        requireNotNegative(id, "uptime_seconds", uptimeSeconds);
        requireNotNegative(id, "crash_count", crashCount);
        requireNotNegative(id, "replication_lag", replicationLag);
        if (promotionRule == null) {
            throw new IllegalArgumentException("promotion rule of " + id + " must be prefer, neutral or never");
        }
    }

    private static void requireNotNegative(String id, String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " of " + id + " must not be negative, was " + value);
        }
    }
}
