package dev.ddb.metrics.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.ddb.metrics.observation.InvalidObservationException;
import dev.ddb.metrics.observation.Observation;

/**
 * {@code POST /metrics/observations}: one observation, {@code {"replica_id": ..., "apply_latency_ms": ...}},
 * or a batch, {@code {"observations": [{...}, ...]}}, never both in one body.
 */
record ObservationRequest(
        @JsonProperty("replica_id") String replicaId,
        @JsonProperty("apply_latency_ms") Double applyLatencyMs,
        @JsonProperty("observations") List<Entry> observations) {

    record Entry(@JsonProperty("replica_id") String replicaId, @JsonProperty("apply_latency_ms") Double applyLatencyMs) {
    }

    /** @throws InvalidObservationException for a body that is neither one observation nor a batch */
    List<Observation> toObservations() {
        boolean single = replicaId != null || applyLatencyMs != null;
        if (observations != null) {
            if (single) {
                throw invalid("The body has both a batch ('observations') and a single observation; send one or the other.");
            }
            return observations.stream().map(entry -> observation(entry.replicaId(), entry.applyLatencyMs())).toList();
        }
        return List.of(observation(replicaId, applyLatencyMs));
    }

    private static Observation observation(String replicaId, Double applyLatencyMs) {
        if (replicaId == null || applyLatencyMs == null) {
            throw invalid("An observation needs both replica_id and apply_latency_ms, got replica_id " + replicaId
                    + " and apply_latency_ms " + applyLatencyMs + ".");
        }
        return new Observation(replicaId, applyLatencyMs);
    }

    private static InvalidObservationException invalid(String message) {
        return new InvalidObservationException(InvalidObservationException.INVALID_OBSERVATION, message);
    }
}
