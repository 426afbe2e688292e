package dev.ddb.metrics.tracking;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Every instance as last polled, in configuration order, with the master and each instance's lag.
 *
 * <p>Lag is counted in timestamps, not time: the master's highest timestamp (its log's highest
 * {@code ts}, or its {@code applied_ts} if that is higher) minus the instance's {@code applied_ts}.
 * With no master recorded (a fresh cluster before the coordinator first started) the reference is
 * the most advanced instance's highest timestamp instead, so lag still says who is behind.
 *
 * @param masterTimestamp the reference timestamp, null until any instance was reached
 */
public record ClusterSnapshot(List<InstanceMetrics> instances, Long masterTimestamp) {

    public static ClusterSnapshot of(List<TrackedInstance> tracked) {
        Optional<TrackedInstance> master = MasterChoice.among(tracked);
        OptionalLong reference = master.isPresent()
                ? OptionalLong.of(master.get().lastProbe().highestTimestamp())
                : tracked.stream().map(TrackedInstance::lastProbe).filter(Objects::nonNull)
                        .mapToLong(Probe::highestTimestamp).max();
        List<InstanceMetrics> instances = tracked.stream()
                .map(instance -> metrics(instance, master.filter(m -> m == instance).isPresent(), reference))
                .toList();
        return new ClusterSnapshot(instances, reference.isPresent() ? reference.getAsLong() : null);
    }

    /** @throws UnknownInstanceException naming the instances there are */
    public InstanceMetrics require(String id) {
        return instances.stream().filter(instance -> instance.id().equals(id)).findFirst()
                .orElseThrow(() -> new UnknownInstanceException("There is no instance '" + id + "'; the instances are "
                        + instances.stream().map(InstanceMetrics::id).collect(Collectors.joining(", ")) + "."));
    }

    public long healthyCount() {
        return instances.stream().filter(InstanceMetrics::healthy).count();
    }

    private static InstanceMetrics metrics(TrackedInstance instance, boolean master, OptionalLong reference) {
        Probe probe = instance.lastProbe();
        if (probe == null) {
            return new InstanceMetrics(instance.id(), null, null, null, null, null, instance.crashCount(),
                    instance.lastUpdated(), false, false, null, null, instance.lastError());
        }
        long lag = Math.max(0, reference.orElseThrow() - probe.appliedTs());
        return new InstanceMetrics(instance.id(), instance.latency().last(), instance.latency().average(), lag,
                probe.appliedTs(), probe.uptimeSeconds(), instance.crashCount(), instance.lastUpdated(),
                instance.healthy(), master, probe.epoch(), probe.role(), instance.lastError());
    }
}
