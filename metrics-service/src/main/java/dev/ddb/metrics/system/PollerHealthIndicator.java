package dev.ddb.metrics.system;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.ddb.metrics.polling.Poller;
import dev.ddb.metrics.tracking.ClusterMetrics;
import dev.ddb.metrics.tracking.ClusterSnapshot;
import dev.ddb.metrics.tracking.InstanceMetrics;

/**
 * Shows up as {@code poller} in {@code /actuator/health}: UP while the poller runs, however many
 * instances are down, because reporting dead instances is this service working, not failing.
 */
@Component
class PollerHealthIndicator implements HealthIndicator {

    private final Poller poller;
    private final ClusterMetrics metrics;

    PollerHealthIndicator(Poller poller, ClusterMetrics metrics) {
        this.poller = poller;
        this.metrics = metrics;
    }

    @Override
    public Health health() {
        ClusterSnapshot snapshot = metrics.snapshot();
        return (poller.isRunning() ? Health.up() : Health.down())
                .withDetail("poll_interval_ms", poller.interval().toMillis())
                .withDetail("instances", snapshot.instances().size())
                .withDetail("healthy_instances", snapshot.healthyCount())
                .withDetail("unhealthy", snapshot.instances().stream().filter(instance -> !instance.healthy())
                        .map(InstanceMetrics::id).toList())
                .withDetail("master", snapshot.instances().stream().filter(InstanceMetrics::master)
                        .map(InstanceMetrics::id).findFirst().orElse("none recorded"))
                .build();
    }
}
