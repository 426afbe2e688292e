package dev.ddb.coordinator.status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.quorum.QuorumChoice;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.QuorumRule;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.Sequencer;

/**
 * {@code replication} in {@code /actuator/health}: UP while the replicas whose appliers are connected could form a
 * quorum, so STRONG writes can be acknowledged; DOWN when they cannot. One replica down or broken with the quorum
 * still met is UP, with that replica's state in the details. A quorum that falls back to the majority because
 * cabinet-service gave no usable weights is not DOWN: {@code quorum_source} says so and why. Reads only the
 * coordinator's memory, so it never waits.
 */
@Component
class ReplicationHealthIndicator implements HealthIndicator {

    private final ReplicaSet replicas;
    private final CabinetWeights quorum;
    private final ReplicaLag lag;

    ReplicationHealthIndicator(ReplicaSet replicas, CabinetWeights quorum, Sequencer sequencer) {
        this.replicas = replicas;
        this.quorum = quorum;
        this.lag = sequencer.lag();
    }

    @Override
    public Health health() {
        Set<String> reachable = new TreeSet<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (ApplierStatus status : replicas.states().values()) {
            if (status.state().canAcknowledge()) {
                reachable.add(status.replicaId());
            }
            Map<String, Object> replica = new LinkedHashMap<>();
            replica.put("state", ClusterStatus.stateName(status));
            replica.put("applied_ts", status.appliedTs());
            replica.put("lag_ms", lag.lagMillis(status.appliedTs()));
            if (status.lastError() != null) {
                replica.put("last_error", status.lastError());
            }
            details.put(status.replicaId(), replica);
        }
        QuorumChoice choice = quorum.choice();
        QuorumRule rule = choice.rule();
        return (rule.isSatisfiedBy(reachable) ? Health.up() : Health.down())
                .withDetail("quorum", rule.describe())
                .withDetail("quorum_source", choice.source())
                .withDetail("reachable", reachable)
                .withDetail("replicas", details)
                .build();
    }
}
