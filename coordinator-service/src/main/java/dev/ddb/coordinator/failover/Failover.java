package dev.ddb.coordinator.failover;

import dev.ddb.coordinator.binlog.BinlogCatchUp;
import dev.ddb.coordinator.binlog.ReplicationSource;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.PeerCatchUp;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Replaces the master: holds the sequencer, stops the appliers, probes every instance, fences the old master with a
 * new epoch where it answers, elects the winner (seer-service, or the same scoring locally), catches it up to the most
 * advanced reachable log, promotes it, tells the others the epoch, rebuilds the appliers on it and lets the queued
 * writes run. One failover at a time; automatic ones respect the anti-flapping interval, requested ones do not.
 */
public final class Failover {

    private static final Logger log = LoggerFactory.getLogger(Failover.class);
    /** How long the rebuilt appliers get to connect before writes resume (they wait for a quorum otherwise). */
    private static final Duration APPLIERS_CONNECT_PATIENCE = Duration.ofSeconds(2);

    /** What the election answers: the winner's id, or an exception saying why it could not. */
    @FunctionalInterface
    interface Seer {
        String elect(List<String> excluded);
    }

    private final Topology topology;
    private final WritePath sequencer;
    private final ReplicaSet replicas;
    private final InstanceConnector dataConnector;
    private final InstanceConnector controlConnector;
    private final FailoverProperties properties;
    private final PromotionRules rules;
    private final Seer seer;
    private final InstantSource clock;
    private final ReentrantLock oneAtATime = new ReentrantLock();
    private final List<FailoverRecord> history = new CopyOnWriteArrayList<>();
    private final AntiFlapping antiFlapping;
    private volatile Instant lastRefusalLogged = Instant.EPOCH;
    /** The leading coordinator's term, which every role change carries; unbounded until {@link #fenceWith}. */
    private volatile LongSupplier term = () -> Long.MAX_VALUE;
    /** The binlog mode's replication account; null in the timestamp-log mode. */
    private volatile ReplicationSource binlog;

    /**
     * From now on failovers follow the binlog mode: the most advanced GTID position wins, the winner applies what it
     * received (or catches up from a replica further ahead) and leaves replication, and the others follow it by GTID.
     */
    void replicateByBinlog(ReplicationSource replication) {
        this.binlog = replication;
    }

    /** From now on every role change a failover makes is refused by an instance claimed in a higher term. */
    public void fenceWith(LongSupplier term) {
        this.term = term;
    }

    /**
     * @param dataConnector connections that replay the log (long socket timeout)
     * @param controlConnector short-timeout connections for probes, fencing and promotion
     */
    Failover(Topology topology, WritePath sequencer, ReplicaSet replicas, InstanceConnector dataConnector,
            InstanceConnector controlConnector, FailoverProperties properties, PromotionRules rules, Seer seer,
            InstantSource clock) {
        this.topology = topology;
        this.sequencer = sequencer;
        this.replicas = replicas;
        this.dataConnector = dataConnector;
        this.controlConnector = controlConnector;
        this.properties = properties;
        this.rules = rules;
        this.seer = seer;
        this.clock = clock;
        this.antiFlapping = new AntiFlapping(properties.minInterval());
    }

    public List<FailoverRecord> history() {
        return List.copyOf(history);
    }

    public boolean inProgress() {
        return oneAtATime.isLocked();
    }

    public PromotionRules rules() {
        return rules;
    }

    /**
     * A failover the coordinator decided on (the master is confirmed dead).
     *
     * @return empty when automatic failover is off or the last one ended less than the anti-flapping interval ago
     */
    Optional<FailoverRecord> automatic(String reason, String suspectedMaster) {
        if (!properties.enabled()) {
            return Optional.empty();
        }
        oneAtATime.lock();
        try {
            if (!topology.master().id().equals(suspectedMaster)) {
                return Optional.empty();
            }
            Instant now = clock.instant();
            Optional<Instant> refusedUntil = antiFlapping.refusedUntil(now);
            if (refusedUntil.isPresent()) {
                if (now.isAfter(lastRefusalLogged.plusSeconds(5))) {
                    lastRefusalLogged = now;
                    log.warn("the master {} looks dead ({}) but no automatic failover may start before {} "
                            + "(anti-flapping, ddb.coordinator.failover.min-interval); POST /admin/failover overrides",
                            suspectedMaster, reason, refusedUntil.get());
                }
                return Optional.empty();
            }
            return Optional.of(run(reason, null, true, false));
        } finally {
            oneAtATime.unlock();
        }
    }

    /**
     * A failover an operator asked for, now, whatever the anti-flapping interval says.
     *
     * @param target the instance to promote, or null to elect one
     */
    public FailoverRecord onRequest(String reason, String target) {
        if (target != null) {
            validateTarget(target);
        }
        oneAtATime.lock();
        try {
            return run(reason, target, false, false);
        } finally {
            oneAtATime.unlock();
        }
    }

    /**
     * A planned change of master: like a requested failover to {@code target}, but refused (nothing changed) unless the
     * old master answers, so it is fenced after its last batch, the target catches up from it, and it stays as a replica.
     */
    public FailoverRecord switchover(String target) {
        validateTarget(target);
        oneAtATime.lock();
        try {
            return run("operator: POST /admin/switchover to " + target, target, false, true);
        } finally {
            oneAtATime.unlock();
        }
    }

    private void validateTarget(String target) {
        if (topology.instances().stream().noneMatch(i -> i.id().equals(target))) {
            throw new CoordinatorException(400, "UNKNOWN_INSTANCE", "There is no instance '" + target + "'; the instances are "
                    + topology.instances().stream().map(InstanceAddress::id).toList() + ".");
        }
        if (topology.master().id().equals(target)) {
            throw new CoordinatorException(409, "ALREADY_MASTER", target + " is the master already (epoch " + topology.epoch()
                    + "); nothing was changed.");
        }
        if (rules.ruleFor(target) == PromotionRule.NEVER) {
            throw new CoordinatorException(409, "PROMOTION_NEVER", target + " has the promotion rule 'never' "
                    + "(ddb.coordinator.failover.promotion-rules); nothing was changed.");
        }
    }

    private FailoverRecord run(String reason, String target, boolean automatic, boolean planned) {
        Instant start = clock.instant();
        long started = System.nanoTime();
        InstanceAddress oldMaster = topology.master();
        log.warn("failover from {} (epoch {}) starts: {}", oldMaster.id(), topology.epoch(), reason);
        Phases phases = new Phases(started);
        try {
            sequencer.hold("failover from " + oldMaster.id(), properties.holdTimeout(), automatic, properties.holdTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CoordinatorException.unavailable("FAILOVER_FAILED", "The failover was interrupted before it started.", e);
        } catch (IllegalStateException e) {
            throw CoordinatorException.unavailable("FAILOVER_FAILED", "The failover could not start: " + e.getMessage()
                    + "; nothing was changed.", e);
        }
        phases.ended("hold");
        List<String> members = replicas.removeAll();
        boolean promoted = false;
        try {
            Map<String, InstanceProbe> probes = probeAll();
            phases.ended("probe");
            InstanceProbe old = probes.get(oldMaster.id());
            if (planned && !old.reachable()) {
                throw new CoordinatorException(409, "OLD_MASTER_UNREACHABLE", "A switchover needs the master " + oldMaster.id()
                        + " to answer, and it does not (" + old.error() + "); nothing was changed. Use /admin/failover.");
            }
            InstanceProbe mostAdvanced = probes.values().stream().filter(InstanceProbe::reachable)
                    .max(Comparator.comparingLong(InstanceProbe::appliedTs)).orElse(null);
            ReplicationSource replication = binlog;
            requireAcknowledgedWritesReachable(mostAdvanced, probes);
            long epoch = Math.max(topology.epoch(), probes.values().stream().mapToLong(InstanceProbe::epoch).max().orElse(0)) + 1;
            boolean fenced = fence(old, epoch);
            phases.ended("fence");
            List<InstanceProbe> candidates = probes.values().stream()
                    .filter(p -> p.reachable() && !p.id().equals(oldMaster.id()) && rules.ruleFor(p.id()) != PromotionRule.NEVER)
                    .toList();
            if (replication != null && target == null) {
                // As MaxScale's monitor does: the most advanced position wins, so no replica is ahead of the new master.
                long furthest = candidates.stream().mapToLong(InstanceProbe::appliedTs).max().orElse(0);
                candidates = candidates.stream().filter(p -> p.appliedTs() == furthest).toList();
            }
            Elected elected = elect(target, candidates, probes, mostAdvanced);
            phases.ended("elect");
            InstanceAddress winner = elected.probe().instance();
            InstanceAddress source = mostAdvanced == null
                    || replication != null && elected.probe().appliedTs() >= mostAdvanced.appliedTs()
                    ? winner : mostAdvanced.instance();
            if (elected.probe().role() == InstanceRole.MASTER) {
                // Promoted by an earlier attempt that failed before it finished; it is caught up as a replica first.
                Fencing.announce(winner, epoch, term.getAsLong(), controlConnector);
            }
            long targetTs = mostAdvanced == null ? 0 : mostAdvanced.appliedTs();
            long caughtUpTo;
            if (replication != null) {
                caughtUpTo = BinlogCatchUp.bringUp(winner, source, targetTs, dataConnector, replication);
                BinlogCatchUp.detach(winner, controlConnector);
            } else {
                caughtUpTo = PeerCatchUp.bringUp(winner, source, targetTs, dataConnector);
            }
            phases.ended("catch_up");
            Fencing.promote(winner, epoch, term.getAsLong(), controlConnector);
            promoted = true;
            phases.ended("promote");
            for (InstanceProbe probe : probes.values()) {
                if (probe.reachable() && !probe.id().equals(winner.id()) && !(fenced && probe.id().equals(oldMaster.id()))) {
                    announce(probe.instance(), epoch);
                }
            }
            phases.ended("announce");
            topology.promote(winner.id(), epoch);
            replicas.promoted(winner.id());
            sequencer.adoptMaster(caughtUpTo);
            rebuildAppliers(members, winner.id(), fenced && old.preparedXids().isEmpty() ? oldMaster : null, probes);
            phases.ended("appliers");
            Instant end = clock.instant();
            FailoverRecord record = new FailoverRecord(start, end, (System.nanoTime() - started) / 1_000_000, oldMaster.id(),
                    winner.id(), reason, epoch, elected.by(), caughtUpTo,
                    source.id().equals(winner.id()) ? null : source.id(), fenced, phases.millis());
            history.add(record);
            antiFlapping.failoverEnded(end);
            log.warn("failover done in {} ms: {} is the master of epoch {} (elected by {}, caught up to {}{}); old master {} {};"
                    + " ms per step {}", record.durationMs(), winner.id(), epoch, elected.by(), caughtUpTo,
                    record.caughtUpFrom() == null ? "" : " from " + record.caughtUpFrom(), oldMaster.id(),
                    fenced ? "fenced" : "unreachable, not fenced", record.phasesMs());
            return record;
        } catch (CoordinatorException e) {
            log.error("failover from {} failed: {}", oldMaster.id(), e.getMessage());
            throw e;
        } catch (SQLException | RuntimeException e) {
            log.error("failover from {} failed", oldMaster.id(), e);
            throw CoordinatorException.unavailable("FAILOVER_FAILED", "The failover from " + oldMaster.id() + " failed: "
                    + e.getMessage() + (promoted ? "" : "; the master is unchanged."), e);
        } finally {
            if (!promoted) {
                restore(members);
            }
            sequencer.resume();
        }
    }

    private record Elected(InstanceProbe probe, String by) {
    }

    /** How long each step of one failover took, for its record: each call ends the step begun by the one before. */
    private static final class Phases {
        private final Map<String, Long> millis = new LinkedHashMap<>();
        private long stepStarted;

        Phases(long started) {
            this.stepStarted = started;
        }

        void ended(String step) {
            long now = System.nanoTime();
            millis.put(step, (now - stepStarted) / 1_000_000);
            stepStarted = now;
        }

        Map<String, Long> millis() {
            return Collections.unmodifiableMap(new LinkedHashMap<>(millis));
        }
    }

    /**
     * Refuses, before anything changes, a failover whose new master could not hold every write acknowledged as
     * STRONG: if the most advanced reachable log ends below the last acknowledged batch, the instances that applied
     * it are all unreachable. Waiting for one of them to answer loses nothing; promoting now would.
     */
    private void requireAcknowledgedWritesReachable(InstanceProbe mostAdvanced, Map<String, InstanceProbe> probes) {
        long acknowledged = sequencer.acknowledgedTs();
        long reachable = mostAdvanced == null ? 0 : mostAdvanced.appliedTs();
        if (reachable < acknowledged) {
            List<String> unreachable = probes.values().stream().filter(p -> !p.reachable()).map(InstanceProbe::id).sorted().toList();
            throw CoordinatorException.unavailable("ACKNOWLEDGED_WRITES_UNREACHABLE", "STRONG writes up to timestamp "
                    + acknowledged + " were acknowledged (or, for those answered before this coordinator started, may"
                    + " have been: a replica had applied them), but the most advanced reachable instance"
                    + (mostAdvanced == null ? "" : " (" + mostAdvanced.id() + ")") + " has applied only up to " + reachable
                    + "; the instances that hold them are among the unreachable " + unreachable
                    + ". Promoting now would lose them, so the master is unchanged; the failover can succeed once one of "
                    + "those answers again.", null);
        }
    }

    private Elected elect(String target, List<InstanceProbe> candidates, Map<String, InstanceProbe> probes,
            InstanceProbe mostAdvanced) {
        Map<String, InstanceProbe> byId = new LinkedHashMap<>();
        candidates.forEach(c -> byId.put(c.id(), c));
        if (target != null) {
            InstanceProbe chosen = byId.get(target);
            if (chosen == null) {
                throw new CoordinatorException(409, "TARGET_UNREACHABLE", target + " does not answer ("
                        + probes.get(target).error() + "); the master is unchanged.");
            }
            return new Elected(chosen, "operator");
        }
        if (byId.isEmpty()) {
            throw CoordinatorException.unavailable("NO_ELIGIBLE_REPLICA", "No instance can be promoted: " + describe(probes)
                    + "; the master is unchanged.", null);
        }
        List<String> excluded = probes.keySet().stream().filter(id -> !byId.containsKey(id)).toList();
        try {
            String leader = seer.elect(excluded);
            InstanceProbe chosen = byId.get(leader);
            if (chosen != null) {
                return new Elected(chosen, "seer");
            }
            log.warn("seer-service elected {}, which is not a reachable candidate here {}; electing locally", leader,
                    byId.keySet());
        } catch (RuntimeException e) {
            log.warn("seer-service gave no leader ({}); electing locally with the same scoring", e.getMessage());
        }
        long highest = mostAdvanced == null ? 0 : mostAdvanced.appliedTs();
        List<LocalElection.Candidate> local = byId.values().stream()
                .map(p -> new LocalElection.Candidate(p.id(), p.latencyMs(), p.uptimeSeconds(), 0,
                        highest - p.appliedTs(), rules.ruleFor(p.id())))
                .toList();
        String winner = LocalElection.elect(local).orElseThrow().id();
        return new Elected(byId.get(winner), "local");
    }

    /** Every instance at once, so the dead ones cost one connect timeout in all, not one each. */
    private Map<String, InstanceProbe> probeAll() {
        List<InstanceAddress> instances = topology.instances();
        ExecutorService pool = Executors.newFixedThreadPool(instances.size());
        try {
            Map<String, CompletableFuture<InstanceProbe>> pending = new LinkedHashMap<>();
            for (InstanceAddress instance : instances) {
                pending.put(instance.id(), CompletableFuture.supplyAsync(
                        () -> InstanceProbe.of(instance, controlConnector, binlog != null), pool));
            }
            Map<String, InstanceProbe> probes = new LinkedHashMap<>();
            pending.forEach((id, probe) -> probes.put(id, probe.join()));
            return probes;
        } finally {
            pool.shutdown();
        }
    }

    private boolean fence(InstanceProbe old, long epoch) {
        if (!old.reachable()) {
            return false;
        }
        try {
            Fencing.fence(old.instance(), epoch, term.getAsLong(), controlConnector);
            return true;
        } catch (Fencing.TermOvertakenException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (SQLException e) {
            log.warn("could not fence the old master {} ({}); its epoch check still refuses this coordinator's batches",
                    old.id(), e.getMessage());
            return false;
        }
    }

    private void announce(InstanceAddress replica, long epoch) {
        try {
            Fencing.announce(replica, epoch, term.getAsLong(), controlConnector);
        } catch (SQLException e) {
            log.warn("could not tell {} the new epoch {} ({}); its applier raises it with the next entries", replica.id(),
                    epoch, e.getMessage());
        }
    }

    /**
     * New appliers for the replicas of before (the winner aside), plus the fenced old master when it holds no prepared
     * batch; waits a moment for those that answered the probe to connect, so STRONG writes find their quorum.
     */
    private void rebuildAppliers(List<String> members, String winner, InstanceAddress oldMasterAsReplica,
            Map<String, InstanceProbe> probes) {
        List<String> expected = new ArrayList<>();
        for (String id : members) {
            if (!id.equals(winner)) {
                replicas.add(topology.require(id));
                if (probes.get(id).reachable()) {
                    expected.add(id);
                }
            }
        }
        if (oldMasterAsReplica != null && !members.contains(oldMasterAsReplica.id())) {
            replicas.add(oldMasterAsReplica);
            expected.add(oldMasterAsReplica.id());
        }
        long deadline = System.nanoTime() + APPLIERS_CONNECT_PATIENCE.toNanos();
        while (!replicas.reachable().containsAll(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void restore(List<String> members) {
        for (String id : members) {
            if (!replicas.replicaIds().contains(id)) {
                replicas.add(topology.require(id));
            }
        }
    }

    private static String describe(Map<String, InstanceProbe> probes) {
        List<String> parts = new ArrayList<>();
        probes.values().forEach(p -> parts.add(p.id() + (p.reachable() ? " answers" : " does not answer (" + p.error() + ")")));
        return String.join(", ", parts);
    }
}
