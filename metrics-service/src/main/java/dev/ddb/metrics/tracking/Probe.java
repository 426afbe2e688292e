package dev.ddb.metrics.tracking;

/**
 * What one successful poll read from an instance.
 *
 * @param latencyMs the round trip of {@code SELECT 1}
 * @param appliedTs the instance's {@code ddb_meta.state.applied_ts}
 * @param epoch the instance's {@code ddb_meta.state.epoch}
 * @param role the instance's {@code ddb_meta.state.role}, {@code master} or {@code replica}
 * @param uptimeSeconds the server's {@code Uptime} status
 * @param logHighTs the highest timestamp in the instance's own {@code ddb_meta.log}, 0 when empty
 */
public record Probe(double latencyMs, long appliedTs, long epoch, String role, long uptimeSeconds, long logHighTs) {

    /** How {@code ddb_meta.state.role} spells the master. */
    public static final String MASTER_ROLE = "master";

    public boolean holdsMasterRole() {
        return MASTER_ROLE.equals(role);
    }

    /** How far this instance's history goes, whether its log or its state row is read as ahead. */
    public long highestTimestamp() {
        return Math.max(logHighTs, appliedTs);
    }
}
