package dev.ddb.coordinator.status;

import java.util.function.Supplier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.binder.MeterBinder;

import dev.ddb.coordinator.api.ConsistencyMetrics;
import dev.ddb.coordinator.leader.LeaderEngine;
import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.InstancePools;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.coordinator.verify.Divergences;

/**
 * What every coordinator reports, leading or not. {@code master} and {@code replication} in {@code /actuator/health}
 * judge the leader's parts, which a follower does not run: there they are UNKNOWN (which leaves the overall status to
 * the rest), and the leader's say. The queries a coordinator answered are in its Prometheus figures either way.
 */
@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    @Bean
    MeterBinder queryMeters(ConsistencyMetrics queries) {
        return registry -> CoordinatorMeters.bindQueries(registry, queries);
    }

    @Bean
    HealthIndicator masterHealthIndicator(LeaderEngine engine, ObjectProvider<Topology> topology,
            ObjectProvider<InstancePools> pools) {
        return whileLeading(engine, () -> new MasterHealthIndicator(topology.getObject(), pools.getObject()));
    }

    @Bean
    HealthIndicator replicationHealthIndicator(LeaderEngine engine, ObjectProvider<ReplicaSet> replicas,
            ObjectProvider<CabinetWeights> quorum, ObjectProvider<WritePath> sequencer,
            ObjectProvider<Divergences> divergences) {
        return whileLeading(engine, () -> new ReplicationHealthIndicator(replicas.getObject(), quorum.getObject(),
                sequencer.getObject(), divergences.getObject()));
    }

    private static HealthIndicator whileLeading(LeaderEngine engine, Supplier<HealthIndicator> indicator) {
        return new HealthIndicator() {
            private volatile HealthIndicator built;

            @Override
            public Health health() {
                if (!engine.running()) {
                    return Health.unknown().withDetail("role", "follower")
                            .withDetail("reason", "the leader watches the master and the replicas").build();
                }
                HealthIndicator current = built;
                if (current == null) {
                    current = indicator.get();
                    built = current;
                }
                return current.health();
            }
        };
    }
}
