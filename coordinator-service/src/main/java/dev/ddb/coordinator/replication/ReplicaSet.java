package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.mysql.cluster.InstanceAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The replicas' appliers: ships each batch to all of them and tells who has applied what. */
public final class ReplicaSet implements AutoCloseable {

    private final Map<String, LogApplier> appliers = new LinkedHashMap<>();
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();

    public ReplicaSet(List<InstanceAddress> replicas, Supplier<InstanceAddress> master, InstanceConnector connector,
            ApplierSettings settings) {
        for (InstanceAddress replica : replicas) {
            if (appliers.containsKey(replica.id())) {
                throw new IllegalArgumentException("replica " + replica.id() + " is listed twice");
            }
            appliers.put(replica.id(), new LogApplier(replica, master, connector, settings, ts -> signalProgress()));
        }
    }

    /** Starts every applier; each connects, catches up from the master's log and then takes shipped batches. */
    public void start() {
        appliers.values().forEach(LogApplier::start);
    }

    /** Queues the batch for every applier without blocking; a replica that cannot keep up catches up later. */
    public Shipment ship(ShippedBatch batch) {
        for (LogApplier applier : appliers.values()) {
            applier.offer(batch);
        }
        return new Shipment(batch, this);
    }

    public Set<String> replicaIds() {
        return Collections.unmodifiableSet(appliers.keySet());
    }

    /** @throws IllegalArgumentException for an id that is not one of the replicas */
    public long appliedTs(String replicaId) {
        return applier(replicaId).appliedTs();
    }

    /** Every applier's status, in the order the replicas were given. */
    public Map<String, ApplierStatus> states() {
        Map<String, ApplierStatus> states = new LinkedHashMap<>();
        appliers.forEach((id, applier) -> states.put(id, applier.status()));
        return states;
    }

    /** Replicas whose appliers are connected (live or catching up), so they could acknowledge a batch now. */
    public Set<String> reachable() {
        Set<String> reachable = new TreeSet<>();
        appliers.forEach((id, applier) -> {
            if (applier.state().canAcknowledge()) {
                reachable.add(id);
            }
        });
        return reachable;
    }

    /** The replicas whose {@code applied_ts} has reached {@code ts}. */
    public Set<String> acknowledgedBy(long ts) {
        Set<String> acknowledged = new TreeSet<>();
        appliers.forEach((id, applier) -> {
            if (applier.appliedTs() >= ts) {
                acknowledged.add(id);
            }
        });
        return acknowledged;
    }

    Acknowledgements awaitAcknowledgements(long ts, Predicate<Set<String>> quorumReached, Duration timeout)
            throws InterruptedException {
        long remaining = timeout.toNanos();
        progressLock.lock();
        try {
            while (true) {
                Set<String> acknowledged = acknowledgedBy(ts);
                if (quorumReached.test(acknowledged)) {
                    return new Acknowledgements(acknowledged, true);
                }
                if (remaining <= 0) {
                    return new Acknowledgements(acknowledged, false);
                }
                remaining = progressed.awaitNanos(remaining);
            }
        } finally {
            progressLock.unlock();
        }
    }

    /** Stops every applier and closes its connections; waits for all of them. */
    @Override
    public void close() {
        appliers.values().forEach(LogApplier::requestStop);
        appliers.values().forEach(LogApplier::close);
    }

    private LogApplier applier(String replicaId) {
        LogApplier applier = appliers.get(replicaId);
        if (applier == null) {
            throw new IllegalArgumentException("no replica " + replicaId + "; the replicas are " + appliers.keySet());
        }
        return applier;
    }

    private void signalProgress() {
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }
}
