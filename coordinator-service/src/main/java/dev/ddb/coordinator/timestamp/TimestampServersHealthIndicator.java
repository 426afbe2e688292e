package dev.ddb.coordinator.timestamp;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Shows up as {@code timestampServers} in {@code /actuator/health}: UP while at least one server's circuit lets calls
 * through, since one server is enough to sequence writes; DOWN when every circuit is open. A server nobody has called
 * yet counts as usable, so the coordinator starts UP before any timestamp server is running.
 */
@Component("timestampServers")
class TimestampServersHealthIndicator implements HealthIndicator {

    private final TimestampClient client;

    TimestampServersHealthIndicator(TimestampClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        boolean anyUsable = false;
        Map<String, Object> servers = new LinkedHashMap<>();
        for (TimestampServer server : client.servers()) {
            CircuitBreaker circuitBreaker = server.circuitBreaker();
            CircuitBreaker.State state = circuitBreaker.getState();
            boolean usable = state != CircuitBreaker.State.OPEN && state != CircuitBreaker.State.FORCED_OPEN;
            anyUsable |= usable;
            CircuitBreaker.Metrics metrics = circuitBreaker.getMetrics();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("url", server.url().toString());
            details.put("usable", usable);
            details.put("circuit_state", state.name());
            details.put("failure_rate_percent", metrics.getFailureRate());
            details.put("failed_calls", metrics.getNumberOfFailedCalls());
            details.put("successful_calls", metrics.getNumberOfSuccessfulCalls());
            server.lastFailure().ifPresent(reason -> details.put("last_failure", reason));
            servers.put(server.name(), details);
        }
        return (anyUsable ? Health.up() : Health.down())
                .withDetail("highest_seen", client.highestSeen())
                .withDetail("servers", servers)
                .build();
    }
}
