package dev.ddb.metrics.observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import dev.ddb.metrics.tracking.MovingAverage;

/**
 * The apply latencies the coordinator reports per replica and batch, kept as the last value and a
 * moving average (the same alpha as the polled latency). Cabinet ranks replicas by them. Any
 * configured instance may be reported, since the master of one epoch is a replica of the next.
 */
public final class ApplyLatencyObservations {

    private final Map<String, AtomicReference<MovingAverage>> byInstance = new LinkedHashMap<>();

    public ApplyLatencyObservations(List<String> ids, double alpha) {
        for (String id : ids) {
            byInstance.put(id, new AtomicReference<>(MovingAverage.empty(alpha)));
        }
    }

    /**
     * Records the whole batch, or nothing of it when any observation is invalid, so a client that
     * fixes its request and sends it again counts nothing twice.
     *
     * @throws InvalidObservationException naming the first invalid observation
     */
    public void record(List<Observation> batch) {
        for (Observation observation : batch) {
            check(observation);
        }
        for (Observation observation : batch) {
            byInstance.get(observation.replicaId()).updateAndGet(average -> average.add(observation.applyLatencyMs()));
        }
    }

    /** The instance's observed apply latencies; empty until one was reported. */
    public MovingAverage of(String id) {
        AtomicReference<MovingAverage> average = byInstance.get(id);
        if (average == null) {
            throw new IllegalArgumentException("no instance " + id);
        }
        return average.get();
    }

    private void check(Observation observation) {
        if (!byInstance.containsKey(observation.replicaId())) {
            throw new InvalidObservationException(InvalidObservationException.UNKNOWN_INSTANCE,
                    "The observation names replica '" + observation.replicaId() + "', which is not a configured instance; "
                            + "the instances are " + String.join(", ", byInstance.keySet()) + ".");
        }
        double latency = observation.applyLatencyMs();
        if (!Double.isFinite(latency) || latency < 0) {
            throw new InvalidObservationException(InvalidObservationException.INVALID_OBSERVATION,
                    "The observation for " + observation.replicaId() + " has apply_latency_ms " + latency
                            + "; it must be a finite number of milliseconds, 0 or more.");
        }
    }
}
