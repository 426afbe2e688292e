package dev.ddb.metrics.tracking;

import java.time.Instant;

/**
 * One instance as {@code /metrics} reports it. Every value that needs a successful poll is null
 * until one succeeded.
 *
 * @param replicationLag the reference timestamp minus this instance's {@code applied_ts}, never below 0
 */
public record InstanceMetrics(String id, Double latencyMs, Double avgLatencyMs, Long replicationLag, Long appliedTs,
        Long uptimeSeconds, long crashCount, Instant lastUpdated, boolean healthy, boolean master, Long epoch,
        String role, String lastError) {
}
