package dev.ddb.coordinator.read;

import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reads this coordinator has in flight on each instance and the moving average of the latency
 * it observed there: the inputs of {@link ReadStrategy#LEAST_LOADED} and {@link ReadStrategy#LATENCY}.
 * The executor reports, the router reads; both from many threads.
 */
public final class ReadLoad {

    /**
     * Weight of the newest sample in the exponential moving average: the last ten or so reads
     * dominate, so a replica that slows down loses its place within a few reads.
     */
    static final double SMOOTHING = 0.2;

    private final ConcurrentMap<String, InstanceLoad> instances = new ConcurrentHashMap<>();

    public void started(String instanceId) {
        of(instanceId).inFlight.incrementAndGet();
    }

    public void finished(String instanceId) {
        of(instanceId).inFlight.decrementAndGet();
    }

    /** Records the latency of a read the instance answered. */
    public void observed(String instanceId, double latencyMs) {
        if (!(latencyMs >= 0) || Double.isInfinite(latencyMs)) {
            throw new IllegalArgumentException("latency of a read on " + instanceId + " must be a non-negative number of ms, got " + latencyMs);
        }
        of(instanceId).observe(latencyMs);
    }

    public int inFlight(String instanceId) {
        InstanceLoad load = instances.get(instanceId);
        return load == null ? 0 : load.inFlight.get();
    }

    /** The moving average of observed read latency; empty until a read on the instance succeeded. */
    public OptionalDouble averageLatencyMs(String instanceId) {
        InstanceLoad load = instances.get(instanceId);
        return load == null ? OptionalDouble.empty() : load.average();
    }

    private InstanceLoad of(String instanceId) {
        return instances.computeIfAbsent(instanceId, id -> new InstanceLoad());
    }

    private static final class InstanceLoad {

        private final AtomicInteger inFlight = new AtomicInteger();
        private boolean observed;
        private double averageMs;

        synchronized void observe(double latencyMs) {
            averageMs = observed ? averageMs + SMOOTHING * (latencyMs - averageMs) : latencyMs;
            observed = true;
        }

        synchronized OptionalDouble average() {
            return observed ? OptionalDouble.of(averageMs) : OptionalDouble.empty();
        }
    }
}
