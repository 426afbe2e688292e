package dev.ddb.cabinet.metrics;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Shows up as {@code metricsSource} in {@code /actuator/health}: UP when metrics-service answers with a master, else
 * {@link #UNREACHABLE} (or {@link #NO_MASTER}) with the reason. Both statuses rank below UP in
 * {@code management.endpoint.health.status.order}, so the service as a whole stays UP: it is working, answers every
 * request with a precise 503, and restarting it would not bring the metrics back. Only
 * {@code /actuator/health/metricsSource} answers HTTP 503 for them, for a probe that wants to know.
 */
@Component("metricsSource")
class MetricsSourceHealthIndicator implements HealthIndicator {

    static final Status UNREACHABLE = new Status("UNREACHABLE");
    static final Status NO_MASTER = new Status("NO_MASTER");

    private final RecentClusterView recent;
    private final MetricsClient client;

    MetricsSourceHealthIndicator(RecentClusterView recent, MetricsClient client) {
        this.recent = recent;
        this.client = client;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            ClusterView view = recent.current();
            health = Health.up().withDetail("master", view.master()).withDetail("instances", view.sortedIds());
        } catch (MetricsUnavailableException e) {
            health = Health.status(UNREACHABLE).withDetail("error", e.getMessage());
        } catch (NoMasterException e) {
            health = Health.status(NO_MASTER).withDetail("error", e.getMessage());
        }
        return health.withDetail("url", client.url().toString())
                .withDetail("circuit_state", client.circuitState().name())
                .build();
    }
}
