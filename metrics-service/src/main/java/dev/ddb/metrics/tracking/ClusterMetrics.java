package dev.ddb.metrics.tracking;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The tracked state of every configured instance. Each instance's state is replaced whole on every
 * poll, so a reader sees each instance either before or after a poll, never halfway.
 */
public final class ClusterMetrics {

    /** An instance's state before and after one poll. */
    public record Transition(TrackedInstance before, TrackedInstance after) {
    }

    private final Map<String, AtomicReference<TrackedInstance>> instances = new LinkedHashMap<>();

    /** @param ids the instances in configuration order */
    public ClusterMetrics(List<String> ids, double alpha) {
        for (String id : ids) {
            instances.put(id, new AtomicReference<>(TrackedInstance.unpolled(id, alpha)));
        }
    }

    public List<String> ids() {
        return List.copyOf(instances.keySet());
    }

    public Transition recordSuccess(String id, Probe probe, Instant at) {
        return update(id, instance -> instance.afterSuccess(probe, at));
    }

    public Transition recordFailure(String id, String error, Instant at) {
        return update(id, instance -> instance.afterFailure(error, at));
    }

    public ClusterSnapshot snapshot() {
        return ClusterSnapshot.of(instances.values().stream().map(AtomicReference::get).toList());
    }

    private Transition update(String id, UnaryOperator<TrackedInstance> step) {
        AtomicReference<TrackedInstance> state = instances.get(id);
        if (state == null) {
            throw new UnknownInstanceException("There is no instance '" + id + "' to record a poll for.");
        }
        while (true) {
            TrackedInstance before = state.get();
            TrackedInstance after = step.apply(before);
            if (state.compareAndSet(before, after)) {
                return new Transition(before, after);
            }
        }
    }
}
