package dev.ddb.coordinator.leader;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The leadership where operators look: {@code leadership} in {@code /actuator/health} (UP either way, since a follower
 * is healthy; details name the role, the term and, for a follower, why it does not lead), and the gauges
 * {@code ddb_leadership_term} and {@code ddb_leader} (1 while this coordinator leads).
 */
@Configuration(proxyBeanMethods = false)
class LeadershipMonitoring {

    @Bean
    HealthIndicator leadershipHealthIndicator(Leadership leadership) {
        return () -> {
            Health.Builder health = Health.up().withDetail("coordinator", leadership.coordinatorId())
                    .withDetail("role", leadership.leading() ? "leader" : "follower")
                    .withDetail("term", leadership.term());
            if (!leadership.leading()) {
                health.withDetail("reason", leadership.notLeadingBecause());
            }
            return health.build();
        };
    }

    @Bean
    MeterBinder leadershipMeters(Leadership leadership) {
        return registry -> {
            Gauge.builder("ddb.leadership.term", leadership, Leadership::term)
                    .description("The leadership term this coordinator claimed last").register(registry);
            Gauge.builder("ddb.leader", leadership, l -> l.leading() ? 1 : 0)
                    .description("1 while this coordinator leads, 0 while it follows").register(registry);
        };
    }
}
