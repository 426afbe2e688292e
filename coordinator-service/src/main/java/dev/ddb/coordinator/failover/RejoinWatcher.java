package dev.ddb.coordinator.failover;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Notices instances that returned and rejoins them by itself: a detached instance (an old master, left out of
 * replication) that answers again, a replica whose applier broke because the instance still calls itself master
 * of an older epoch (an old master found by a coordinator that started after the failover), and a replica whose
 * applier stopped because it holds entries the master lacks. One with divergent entries is left to an operator.
 */
final class RejoinWatcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RejoinWatcher.class);

    private final Topology topology;
    private final ReplicaSet replicas;
    private final Rejoin rejoin;
    private final Failover failover;
    private final InstanceConnector probeConnector;
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-rejoin-watcher");

    RejoinWatcher(Topology topology, ReplicaSet replicas, Rejoin rejoin, Failover failover, InstanceConnector probeConnector) {
        this.topology = topology;
        this.replicas = replicas;
        this.rejoin = rejoin;
        this.failover = failover;
        this.probeConnector = probeConnector;
    }

    void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::look, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void look() {
        if (failover.inProgress()) {
            return;
        }
        try {
            detachStaleMasters();
            for (InstanceAddress instance : topology.replicas()) {
                if (!replicas.replicaIds().contains(instance.id()) && !rejoin.blocked(instance.id())
                        && InstanceProbe.of(instance, probeConnector).reachable()) {
                    try {
                        rejoin.rejoin(instance.id(), false);
                    } catch (CoordinatorException e) {
                        log.warn("{} is back but did not rejoin: {}", instance.id(), e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("looking for returning instances failed: {}", e.getMessage());
        }
    }

    /**
     * A broken applier on an instance that is a master of an older epoch, or on a replica holding entries the master
     * lacks: take it out so it can rejoin (a divergent one is then recorded for {@code /status} and left to an operator).
     */
    private void detachStaleMasters() {
        for (Map.Entry<String, ApplierStatus> entry : replicas.states().entrySet()) {
            if (entry.getValue().state() != ApplierState.BROKEN) {
                continue;
            }
            if (entry.getValue().divergent()) {
                log.warn("{} holds log entries the master lacks; it is taken out to rejoin", entry.getKey());
                replicas.remove(entry.getKey());
                continue;
            }
            InstanceProbe probe = InstanceProbe.of(topology.require(entry.getKey()), probeConnector);
            if (probe.reachable() && probe.role() == InstanceRole.MASTER && probe.epoch() < topology.epoch()) {
                log.warn("{} still calls itself master of epoch {} (the master is {} in epoch {}); it is taken out to rejoin",
                        entry.getKey(), probe.epoch(), topology.master().id(), topology.epoch());
                replicas.remove(entry.getKey());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
