package dev.ddb.seer.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;

/**
 * Shows up as {@code metricsSource} in {@code /actuator/health}: UP when metrics-service answers a usable report now,
 * else {@link #UNREACHABLE} (no answer) or {@link #UNUSABLE} (an answer no election may run on), with the reason. Both
 * rank below UP in {@code management.endpoint.health.status.order}, so the service as a whole stays UP: it works,
 * refuses each election with a precise 503, and restarting it would not bring the metrics back. Only
 * {@code /actuator/health/metricsSource} answers HTTP 503 for them, for a probe that wants to know.
 */
@Component
class MetricsSourceHealthIndicator implements HealthIndicator {

    static final Status UNREACHABLE = new Status("UNREACHABLE");
    static final Status UNUSABLE = new Status("UNUSABLE");

    private final MetricsSource source;
    private final CircuitBreakerRegistry circuitBreakers;

    MetricsSourceHealthIndicator(MetricsSource source, CircuitBreakerRegistry circuitBreakers) {
        this.source = source;
        this.circuitBreakers = circuitBreakers;
    }

    @Override
    public Health health() {
        Health.Builder health;
        try {
            MetricsReport report = source.probe();
            health = Health.up().withDetail("reachable", true).withDetail("instances", report.replicas().size());
        } catch (RuntimeException e) {
            boolean reachable = !(e instanceof ResourceAccessException);
            health = Health.status(reachable ? UNUSABLE : UNREACHABLE).withDetail("reachable", reachable)
                    .withDetail("error", "metrics-service " + MetricsSource.describe(e));
        }
        return health.withDetail("url", source.endpoint().toString())
                .withDetail("circuit_state",
                        circuitBreakers.circuitBreaker(MetricsSource.RESILIENCE_NAME).getState().name())
                .build();
    }
}
