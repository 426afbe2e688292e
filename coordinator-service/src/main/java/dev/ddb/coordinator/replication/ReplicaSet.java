package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.mysql.cluster.InstanceAddress;
import java.time.Duration;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The replicas' appliers: ships each batch to all of them and tells who has applied what. A failover
 * changes its members ({@link #remove}, {@link #add}); readers always see one whole membership.
 */
public final class ReplicaSet implements AutoCloseable {

    /** Replaced whole on every membership change, never modified, so readers need no lock. */
    private volatile Map<String, ReplicaLink> appliers = Map.of();
    /** The leading coordinator's term for the appliers; null: none. */
    private volatile LongSupplier term;
    private final Supplier<InstanceAddress> master;
    private final InstanceConnector connector;
    private final ApplierSettings settings;
    /** Makes each replica's link; null: a {@link LogApplier}. */
    private final ReplicaLink.Factory links;
    private volatile Runnable progressListener = () -> { };
    private final ReplicationLog replicationLog = new ReplicationLog();
    private final ReentrantLock progressLock = new ReentrantLock();
    private final Condition progressed = progressLock.newCondition();
    private boolean started;
    /** Each replica's applied_ts at its first connection; guarded by itself, as is the listener. */
    private final Map<String, Long> firstConnections = new LinkedHashMap<>();
    private BiConsumer<String, Long> firstConnectionListener = (id, ts) -> { };
    /**
     * What each replica's appliers learnt of its tables, kept while it stays a replica: a failover rebuilds the
     * appliers, and asking information_schema again made the first batch after it wait 90-190 ms on a busy machine.
     */
    private final Map<String, InsertTables> tables = new ConcurrentHashMap<>();

    public ReplicaSet(List<InstanceAddress> replicas, Supplier<InstanceAddress> master, InstanceConnector connector,
            ApplierSettings settings) {
        this(replicas, master, connector, settings, null);
    }

    /** @param links makes each replica's link; null for the timestamp log's {@link LogApplier} */
    public ReplicaSet(List<InstanceAddress> replicas, Supplier<InstanceAddress> master, InstanceConnector connector,
            ApplierSettings settings, ReplicaLink.Factory links) {
        this.links = links;
        this.master = master;
        this.connector = connector;
        this.settings = settings;
        Map<String, ReplicaLink> initial = new LinkedHashMap<>();
        for (InstanceAddress replica : replicas) {
            if (initial.containsKey(replica.id())) {
                throw new IllegalArgumentException("replica " + replica.id() + " is listed twice");
            }
            initial.put(replica.id(), newApplier(replica));
        }
        appliers = Collections.unmodifiableMap(initial);
    }

    /** Starts every applier; each connects, catches up from the master's log and then takes shipped batches. */
    public synchronized void start() {
        started = true;
        appliers.values().forEach(ReplicaLink::start);
    }

    /**
     * Takes a replica out (it is being promoted, or it left): its applier stops and its connections close.
     *
     * @return whether it was a member
     */
    public synchronized boolean remove(String replicaId) {
        ReplicaLink removed = appliers.get(replicaId);
        if (removed == null) {
            return false;
        }
        Map<String, ReplicaLink> next = new LinkedHashMap<>(appliers);
        next.remove(replicaId);
        appliers = Collections.unmodifiableMap(next);
        removed.close();
        // It left replication (to be re-seeded, or as master): its tables may change outside its applier's view.
        tables.remove(replicaId);
        signalProgress();
        return true;
    }

    /**
     * Takes every replica out at once, dropping whatever was shipped to them and not applied yet (a failover
     * rebuilds the appliers on the new master). What they learnt of their tables is kept for their next appliers;
     * the one promoted must be {@linkplain #promoted named}.
     *
     * @return the ids that were members, in order
     */
    public synchronized List<String> removeAll() {
        Map<String, ReplicaLink> members = appliers;
        appliers = Map.of();
        members.values().forEach(ReplicaLink::requestStop);
        members.values().forEach(ReplicaLink::close);
        signalProgress();
        return List.copyOf(members.keySet());
    }

    /** The replica became master: schema changes now run on it through the sequencer, not through an applier. */
    public void promoted(String replicaId) {
        tables.remove(replicaId);
    }

    /** What the replica's appliers know of its tables; null when it has none kept. */
    InsertTables tablesOf(String replicaId) {
        return tables.get(replicaId);
    }

    /** Adds a replica whose applier starts at once (if the set runs) and catches up from the current master. */
    public synchronized void add(InstanceAddress replica) {
        if (appliers.containsKey(replica.id())) {
            throw new IllegalArgumentException("replica " + replica.id() + " is already a member");
        }
        ReplicaLink applier = newApplier(replica);
        Map<String, ReplicaLink> next = new LinkedHashMap<>(appliers);
        next.put(replica.id(), applier);
        appliers = Collections.unmodifiableMap(next);
        if (started) {
            applier.start();
        }
    }

    /** Every transaction on the replicas carries this term from the appliers' next connection on. */
    public synchronized void fenceWith(LongSupplier term) {
        this.term = term;
        appliers.values().forEach(applier -> applier.fenceWith(term));
    }

    private ReplicaLink newApplier(InstanceAddress replica) {
        ReplicaLink applier = links != null ? links.create(replica, master, ts -> signalProgress())
                : new LogApplier(replica, master, connector, settings, ts -> signalProgress(),
                        tables.computeIfAbsent(replica.id(), id -> new InsertTables()));
        applier.fenceWith(term);
        applier.onConnected(appliedTs -> connected(replica.id(), appliedTs));
        return applier;
    }

    private void connected(String replicaId, long appliedTs) {
        synchronized (firstConnections) {
            if (firstConnections.putIfAbsent(replicaId, appliedTs) == null) {
                firstConnectionListener.accept(replicaId, appliedTs);
            }
        }
    }

    /**
     * Who to tell of each replica's first connection since this set was made, with its {@code applied_ts} then; told
     * at once of those that connected before. A coordinator that did not apply what a replica holds learns from this
     * how far a previous coordinator may have acknowledged writes.
     */
    public void onFirstConnection(BiConsumer<String, Long> listener) {
        synchronized (firstConnections) {
            firstConnectionListener = listener;
            firstConnections.forEach(listener);
        }
    }

    /**
     * Queues the batch for every applier without blocking; a replica that cannot keep up catches up later.
     * The appliers share one {@link SharedBatch}, so what is the same on every replica is computed once.
     */
    public Shipment ship(ShippedBatch batch) {
        SharedBatch shared = new SharedBatch(batch, replicationLog);
        for (ReplicaLink applier : appliers.values()) {
            applier.offer(shared);
        }
        return new Shipment(batch, this);
    }

    /** The members now; a live view that follows every membership change (a majority rule counts on it). */
    public Set<String> replicaIds() {
        return new AbstractSet<>() {
            @Override
            public Iterator<String> iterator() {
                return appliers.keySet().iterator();
            }

            @Override
            public int size() {
                return appliers.size();
            }

            @Override
            public boolean contains(Object id) {
                return appliers.containsKey(id);
            }
        };
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

    /** Waits until the replicas that applied the log up to {@code ts} satisfy {@code quorumReached}, or the timeout passes. */
    public Acknowledgements awaitAcknowledgements(long ts, Predicate<Set<String>> quorumReached, Duration timeout)
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
        Map<String, ReplicaLink> members = appliers;
        members.values().forEach(ReplicaLink::requestStop);
        members.values().forEach(ReplicaLink::close);
    }

    private ReplicaLink applier(String replicaId) {
        ReplicaLink applier = appliers.get(replicaId);
        if (applier == null) {
            throw new IllegalArgumentException("no replica " + replicaId + "; the replicas are " + appliers.keySet());
        }
        return applier;
    }

    /** Who to tell, on the replica's thread, each time a replica's applied position moves; it must not block. */
    public void onProgress(Runnable listener) {
        this.progressListener = listener;
    }

    private void signalProgress() {
        progressListener.run();
        progressLock.lock();
        try {
            progressed.signalAll();
        } finally {
            progressLock.unlock();
        }
    }
}
