package dev.ddb.coordinator.topology;

import dev.ddb.coordinator.binlog.GtidPositions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.error.SqlErrors;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.MetaTables;
import dev.ddb.coordinator.log.PreparedBatches;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.replication.EntryReplayer;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.SchemaChange;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * What a starting coordinator learns from the instances themselves, not from its configuration:
 * the master is the instance holding the master role at the highest epoch (on a fresh cluster, the
 * first reachable instance, promoted to epoch 1); batches the master left prepared are committed
 * (the log is the truth, and replicas may already hold them); and the timestamp floor is the
 * highest log entry on any instance.
 */
public final class ClusterBootstrap {

    private static final Logger log = LoggerFactory.getLogger(ClusterBootstrap.class);

    /**
     * The outcome: who is master in which epoch, how far its log goes, and the floor for new timestamps.
     *
     * @param acknowledgeableTs how far writes may have been acknowledged as STRONG before this start, as far as the
     *     reachable instances tell: the most any replica has applied, but no further than the master's log (a STRONG
     *     write is answered once replicas applied it and the master committed it). A coordinator keeps the
     *     acknowledged writes it answered in memory; this bound stands in for the ones a previous coordinator answered.
     */
    public record Established(String masterId, long epoch, long masterLastTs, long floor, long acknowledgeableTs) {
    }

    /** @param applied how far it applied: {@code applied_ts}, or in the binlog mode its furthest GTID sequence number */
    private record Observed(InstanceAddress instance, InstanceState state, long maxTs, long applied) {
    }

    private ClusterBootstrap() {
    }

    public static Established establish(ClusterTopology cluster, InstanceConnector connector) {
        return establish(cluster, connector, false);
    }

    /**
     * @param binlog the binlog mode: how far an instance got is its furthest GTID sequence number, as the log's
     *     highest timestamp is in the timestamp-log mode
     */
    public static Established establish(ClusterTopology cluster, InstanceConnector connector, boolean binlog) {
        ReplicationLog replicationLog = new ReplicationLog();
        Map<String, Observed> observed = new LinkedHashMap<>();
        for (InstanceAddress instance : cluster.instances()) {
            try (Connection connection = connector.open(instance)) {
                long furthest = binlog ? GtidPositions.read(connection).highest() : replicationLog.maxTs(connection);
                InstanceState state = InstanceState.read(connection);
                observed.put(instance.id(), new Observed(instance, state, furthest, binlog ? furthest : state.appliedTs()));
            } catch (SQLException | RuntimeException e) {
                log.warn("{} is not reachable at start ({}); it will catch up when it returns", instance.id(), e.getMessage());
            }
        }
        long floor = observed.values().stream().mapToLong(Observed::maxTs).max().orElse(0);
        long highestEpoch = observed.values().stream().mapToLong(o -> o.state().epoch()).max().orElse(0);
        // Only a master of the newest epoch any instance has seen: an older one was fenced by a failover since, even
        // if the failover's new master is the one that is out of reach now.
        Optional<Observed> recordedMaster = observed.values().stream()
                .filter(o -> o.state().role() == InstanceRole.MASTER && o.state().epoch() == highestEpoch)
                .findFirst();
        if (recordedMaster.isPresent()) {
            Observed master = recordedMaster.get();
            commitPreparedBatches(master.instance(), connector);
            finishSchemaChanges(master.instance(), master.state().epoch(), connector);
            long masterLastTs = binlog ? master.maxTs() : maxTs(master.instance(), connector, replicationLog).orElse(master.maxTs());
            log.info("master is {} in epoch {} (from ddb_meta.state); its log ends at {}, highest timestamp anywhere {}",
                    master.instance().id(), master.state().epoch(), masterLastTs, Math.max(floor, masterLastTs));
            return new Established(master.instance().id(), master.state().epoch(), masterLastTs, Math.max(floor, masterLastTs),
                    acknowledgeable(observed, master.instance().id(), masterLastTs));
        }
        if (observed.isEmpty()) {
            InstanceAddress first = cluster.instances().get(0);
            log.warn("no instance is reachable at start; assuming {} is the master until one answers", first.id());
            return new Established(first.id(), highestEpoch, 0, 0, 0);
        }
        Optional<InstanceAddress> unreachable = cluster.instances().stream()
                .filter(instance -> !observed.containsKey(instance.id())).findFirst();
        if (unreachable.isPresent() && highestEpoch > 0) {
            // The master may be among the instances out of reach, holding writes nobody else has. Making a reachable
            // one master here would skip SEER, catch-up and the acknowledged-writes guard: instead the one out of
            // reach is presumed master, and if it does not answer, the heartbeat fails it over the full way.
            InstanceAddress presumed = unreachable.get();
            long replicated = observed.values().stream().mapToLong(Observed::applied).max().orElse(0);
            log.warn("no reachable instance is the master of epoch {}; presuming {} (out of reach) is, until it answers or"
                    + " fails over", highestEpoch, presumed.id());
            return new Established(presumed.id(), highestEpoch, floor, floor, replicated);
        }
        // No instance reachable was ever written (epoch 0 everywhere), or every instance answered and none is the master
        // of the newest epoch: a failover stopped between fencing the old master and promoting the new. The instance of that epoch
        // whose log goes furthest holds every write any other holds, so nothing acknowledged is lost.
        Observed first = observed.values().stream()
                .filter(o -> o.state().epoch() == highestEpoch)
                .max((a, b) -> Long.compare(a.maxTs(), b.maxTs()))
                .orElseThrow();
        long epoch = highestEpoch + 1;
        try (Connection connection = connector.open(first.instance())) {
            InstanceState.assume(connection, InstanceRole.MASTER, epoch);
            MetaTables.ensure(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("could not make " + first.instance().id() + " the master: " + e.getMessage(), e);
        }
        log.info("no master recorded; {} (its log ends at {}) becomes the master of epoch {}", first.instance().id(),
                first.maxTs(), epoch);
        return new Established(first.instance().id(), epoch, first.maxTs(), floor,
                acknowledgeable(observed, first.instance().id(), first.maxTs()));
    }

    private static long acknowledgeable(Map<String, Observed> observed, String masterId, long masterLastTs) {
        long replicated = observed.values().stream()
                .filter(o -> !o.instance().id().equals(masterId) && o.state().role() == InstanceRole.REPLICA)
                .mapToLong(Observed::applied).max().orElse(0);
        return Math.min(replicated, masterLastTs);
    }

    /**
     * Commits every batch the master prepared and never committed. Its entries may already be
     * applied on replicas, so rolling back could lose an acknowledged write; committing cannot.
     */
    private static void commitPreparedBatches(InstanceAddress master, InstanceConnector connector) {
        try (Connection connection = connector.open(master)) {
            PreparedBatches.commitOrphans(connection, master.id());
        } catch (SQLException e) {
            log.warn("could not resolve prepared batches on {}: {}", master.id(), e.getMessage());
        }
    }

    /**
     * Finishes a schema change the previous coordinator recorded as pending but never logged: it
     * runs the DDL again (an error saying its effect is already there means the first run took
     * effect) and logs it; a DDL that fails for another reason never ran, and its record is dropped.
     */
    private static void finishSchemaChanges(InstanceAddress master, long epoch, InstanceConnector connector) {
        ReplicationLog pending = ReplicationLog.pendingSchemaChanges();
        ReplicationLog replicationLog = new ReplicationLog();
        try (Connection connection = connector.open(master)) {
            MetaTables.ensure(connection);
            for (LogEntry entry : pending.readAfter(connection, 0, 100)) {
                boolean tookEffect = true;
                try {
                    EntryReplayer.replay(connection, List.of(entry));
                } catch (SQLException e) {
                    if (SqlErrors.isConnectionLevel(e)) {
                        throw e;
                    }
                    tookEffect = SchemaChange.alreadyApplied(e);
                    if (!tookEffect) {
                        log.warn("schema change {} at {} was pending on {} and fails again ({}); it never ran, dropping it",
                                entry.txnId(), entry.ts(), master.id(), e.getMessage());
                    }
                }
                connection.setAutoCommit(false);
                if (tookEffect) {
                    replicationLog.append(connection, List.of(entry));
                    InstanceState.advance(connection, entry.ts(), epoch);
                    log.info("finished schema change {} at {} that {} had left pending", entry.txnId(), entry.ts(), master.id());
                }
                pending.delete(connection, entry.ts());
                connection.commit();
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.warn("could not finish pending schema changes on {}: {}", master.id(), e.getMessage());
        }
    }

    private static Optional<Long> maxTs(InstanceAddress instance, InstanceConnector connector, ReplicationLog replicationLog) {
        try (Connection connection = connector.open(instance)) {
            return Optional.of(replicationLog.maxTs(connection));
        } catch (SQLException e) {
            return Optional.empty();
        }
    }
}
