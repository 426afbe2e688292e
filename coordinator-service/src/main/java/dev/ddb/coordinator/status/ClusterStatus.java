package dev.ddb.coordinator.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.ddb.coordinator.failover.Failover;
import dev.ddb.coordinator.failover.Rejoin;
import dev.ddb.coordinator.leader.Campaign;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.leader.Peers;
import dev.ddb.coordinator.quorum.CabinetWeights;
import dev.ddb.coordinator.quorum.QuorumChoice;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.sequencer.SequencerStatistics;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.coordinator.verify.Divergences;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * What {@code GET /status} shows, read from the coordinator's own memory (topology, appliers, sequencer) without
 * asking any instance, so it answers at once even when instances are down. An idle applier learns that its
 * replica died only when it next applies a batch; {@code /table-timestamps} asks the instances themselves.
 */
public final class ClusterStatus {

    private final String replicationMode;

    private final Topology topology;
    private final Leadership leadership;
    private final Campaign campaign;
    private final ReplicaSet replicas;
    private final WritePath sequencer;
    private final CabinetWeights quorum;
    private final Failover failover;
    private final Rejoin rejoin;
    private final Divergences divergences;

    public ClusterStatus(Leadership leadership, Campaign campaign, Topology topology, ReplicaSet replicas, WritePath sequencer,
            CabinetWeights quorum, Failover failover, Rejoin rejoin, Divergences divergences, String replicationMode) {
        this.replicationMode = replicationMode;
        this.leadership = leadership;
        this.campaign = campaign;
        this.topology = topology;
        this.replicas = replicas;
        this.sequencer = sequencer;
        this.quorum = quorum;
        this.failover = failover;
        this.rejoin = rejoin;
        this.divergences = divergences;
    }

    public StatusReport report() {
        InstanceAddress master = topology.master();
        ReplicaLag lag = sequencer.lag();
        List<StatusReport.Replica> replicaReports = new ArrayList<>();
        for (ApplierStatus status : replicas.states().values()) {
            InstanceAddress address = topology.require(status.replicaId());
            replicaReports.add(new StatusReport.Replica(address.id(), address.host(), address.port(), stateName(status),
                    status.appliedTs(), lag.lagMillis(status.appliedTs()), status.lastError(),
                    status.lastApplyMillis() < 0 ? null : round(status.lastApplyMillis()), status.overflows()));
        }
        SequencerStatistics statistics = sequencer.statistics();
        QuorumChoice choice = quorum.choice();
        return new StatusReport(leadership.coordinatorId(), leadership.leading() ? "leader" : "follower",
                leadership.term(), campaign.leader().map(Peers.Peer::id).orElse(null), campaign.members(), new StatusReport.Master(master.id(), master.host(), master.port()), topology.epoch(),
                sequencer.lastTs(), replicaReports, replicaReports.size(), replicationMode, choice.rule().describe(), choice.source(),
                new StatusReport.Batching(statistics.batches(), round(statistics.averageBatchSize()),
                        round(statistics.averageBatchMillis()), sequencer.queueDepth()), failover.history(), rejoin.divergences(),
                divergences.all());
    }

    static String stateName(ApplierStatus status) {
        return status.state().name().toLowerCase(Locale.ROOT);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
