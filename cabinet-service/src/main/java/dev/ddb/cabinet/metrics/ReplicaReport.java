package dev.ddb.cabinet.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One instance in metrics-service's answer; every field may be missing, {@link ClusterView#of} decides what a gap
 * means.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaReport(
        @JsonProperty("replica_id") String replicaId,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("avg_latency_ms") Double avgLatencyMs,
        @JsonProperty("replication_lag") Long replicationLag,
        @JsonProperty("is_healthy") Boolean healthy,
        @JsonProperty("is_master") Boolean master,
        @JsonProperty("epoch") Long epoch,
        @JsonProperty("observed_apply_latency_ms") Double observedApplyLatencyMs,
        @JsonProperty("avg_observed_apply_latency_ms") Double avgObservedApplyLatencyMs) {
}
