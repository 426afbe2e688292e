package dev.ddb.metrics.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.ddb.metrics.tracking.InstanceMetrics;
import dev.ddb.metrics.tracking.MovingAverage;

/**
 * One instance in {@code /metrics}, master included. Values that need a successful poll (or, for
 * the observed apply latency, a report from the coordinator) are null until there is one.
 */
public record ReplicaMetrics(
        @JsonProperty("replica_id") String replicaId,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("avg_latency_ms") Double avgLatencyMs,
        @JsonProperty("replication_lag") Long replicationLag,
        @JsonProperty("applied_ts") Long appliedTs,
        @JsonProperty("uptime_seconds") Long uptimeSeconds,
        @JsonProperty("crash_count") long crashCount,
        @JsonProperty("last_updated") String lastUpdated,
        @JsonProperty("is_healthy") boolean healthy,
        @JsonProperty("is_master") boolean master,
        @JsonProperty("epoch") Long epoch,
        @JsonProperty("role") String role,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("observed_apply_latency_ms") Double observedApplyLatencyMs,
        @JsonProperty("avg_observed_apply_latency_ms") Double avgObservedApplyLatencyMs) {

    static ReplicaMetrics of(InstanceMetrics instance, MovingAverage observed) {
        return new ReplicaMetrics(instance.id(), micros(instance.latencyMs()), micros(instance.avgLatencyMs()),
                instance.replicationLag(), instance.appliedTs(), instance.uptimeSeconds(), instance.crashCount(),
                instance.lastUpdated() == null ? null : instance.lastUpdated().toString(), instance.healthy(),
                instance.master(), instance.epoch(), instance.role(), instance.lastError(),
                micros(observed.last()), micros(observed.average()));
    }

    /** Milliseconds to three decimals: finer digits are timer noise. */
    private static Double micros(Double millis) {
        return millis == null ? null : Math.round(millis * 1000) / 1000.0;
    }
}
