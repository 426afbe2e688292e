package dev.ddb.metrics.api;

/** The answer to {@code POST /metrics/observations}: how many observations were recorded. */
public record ObservationsAccepted(boolean success, int accepted) {
}
