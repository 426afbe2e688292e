package dev.ddb.coordinator.quorum;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One replica's apply latency for a shipped batch, as metrics-service's {@code /metrics/observations} takes it. */
public record ApplyLatencyObservation(
        @JsonProperty("replica_id") String replicaId,
        @JsonProperty("apply_latency_ms") double applyLatencyMs) {
}
