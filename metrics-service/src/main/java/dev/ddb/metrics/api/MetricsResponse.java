package dev.ddb.metrics.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /metrics}: every instance in configuration order, and the timestamp lag is measured
 * from (null until an instance was reached).
 */
public record MetricsResponse(List<ReplicaMetrics> replicas, @JsonProperty("master_timestamp") Long masterTimestamp) {
}
