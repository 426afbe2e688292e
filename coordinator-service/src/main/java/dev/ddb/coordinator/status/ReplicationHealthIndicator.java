package dev.ddb.coordinator.status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.quorum.QuorumChoice;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.QuorumRule;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.verify.Divergences;

/**
 * {@code replication} in {@code /actuator/health}: UP while the replicas whose appliers are connected could form a
 * quorum, so STRONG writes can be acknowledged; DOWN when they cannot. One replica down or broken with the quorum
 * still met is UP, with that replica's state in the details. A quorum that falls back to the majority because
 * cabinet-service gave no usable weights is not DOWN: {@code quorum_source} says so and why. A table that verification
 * found different on some instance makes it {@code DIVERGENT}, naming the instance and the table. Reads only the
 * coordinator's memory, so it never waits.
 */
class ReplicationHealthIndicator implements HealthIndicator {

    /** Writes go on, but some replica's copy of a table differs from the master's: an operator should repair it. */
    static final Status DIVERGENT = new Status("DIVERGENT");

    private final ReplicaSet replicas;
    private final CabinetWeights quorum;
    private final ReplicaLag lag;
    private final Divergences divergences;

    ReplicationHealthIndicator(ReplicaSet replicas, CabinetWeights quorum, WritePath sequencer, Divergences divergences) {
        this.replicas = replicas;
        this.quorum = quorum;
        this.lag = sequencer.lag();
        this.divergences = divergences;
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
        List<Divergences.DivergentTable> divergent = divergences.all();
        Health.Builder health = !rule.isSatisfiedBy(reachable) ? Health.down()
                : divergent.isEmpty() ? Health.up() : Health.status(DIVERGENT);
        health.withDetail("quorum", rule.describe())
                .withDetail("quorum_source", choice.source())
                .withDetail("reachable", reachable)
                .withDetail("replicas", details);
        if (!divergent.isEmpty()) {
            health.withDetail("divergent_tables", divergent.stream()
                    .map(t -> t.instance() + " differs from the master on " + t.table() + " (" + t.mismatchedChunks()
                            + " chunk(s)); POST /admin/repair repairs it")
                    .toList());
        }
        return health.build();
    }
}
