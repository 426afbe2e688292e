package dev.ddb.metrics.observation;

/** How long one replica took to apply one batch, as the coordinator saw it. */
public record Observation(String replicaId, double applyLatencyMs) {
}
