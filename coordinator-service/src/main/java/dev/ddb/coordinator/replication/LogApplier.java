package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.CorruptEntryException;
import dev.ddb.coordinator.log.EntryChecksum;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.mysql.cluster.InstanceAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the log to one replica, on a thread and a connection of its own: shipped batches strictly
 * in ts order, several queued ones merged into one local transaction, each transaction also
 * inserting the log rows and advancing {@code applied_ts}, so a crash anywhere applies nothing twice
 * and loses nothing (after every reconnect it re-reads {@code applied_ts} and skips what it covers).
 *
 * <p>A batch whose {@code previousTs} is past {@code applied_ts} means entries were missed (the
 * replica was down, slow or new): they are read from the master's log first ({@link CatchUp}),
 * as they are at start and after every reconnect. The queue is bounded; when it overflows it is
 * dropped and the applier catches up instead, so a slow replica never holds back the master.
 * Every entry's checksum is verified before anything of its transaction runs; a mismatch stops the
 * applier ({@link ApplierState#BROKEN}) with the entry unapplied. For shipped batches, that check and the
 * rest of the work that comes out the same on every replica is done once for all appliers ({@link SharedBatch}).
 */
public final class LogApplier implements ReplicaLink {

    private static final Logger log = LoggerFactory.getLogger(LogApplier.class);
    private static final long END_OF_LOG = Long.MAX_VALUE;

    private final InstanceAddress replica;
    private final InstanceConnector connector;
    private final ApplierSettings settings;
    private final LongConsumer onProgress;
    private final ReplicationLog replicationLog = new ReplicationLog();
    private final CatchUp catchUp;
    private final InsertTables tables;
    private final BlockingQueue<SharedBatch> queue;
    /** Batches the applier thread took from the queue but has not applied yet; only that thread touches it. */
    private final Deque<SharedBatch> taken = new ArrayDeque<>();
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final AtomicLong overflows = new AtomicLong();
    private final Thread thread;

    private volatile boolean running;
    private volatile ApplierState state = ApplierState.DISCONNECTED;
    private volatile long appliedTs;
    private volatile String lastError;
    private volatile boolean divergent;
    private volatile double lastApplyMillis = -1;
    private volatile ReplicaSession session;
    private volatile LongConsumer onConnected = ts -> { };
    /** The leading coordinator's term, carried by every transaction on the replica; null: none. */
    private volatile LongSupplier term;
    private boolean catchUpPending;

    /**
     * @param master where the current master is; asked again before every catch-up, as it moves on failover
     * @param onProgress called on the applier thread with the new {@code applied_ts} after every commit
     *     (and once after each connect), to wake whoever waits for acknowledgements
     */
    public LogApplier(InstanceAddress replica, Supplier<InstanceAddress> master, InstanceConnector connector,
            ApplierSettings settings, LongConsumer onProgress) {
        this(replica, master, connector, settings, onProgress, new InsertTables());
    }

    /** @param tables what earlier appliers of this replica learnt of its tables, kept until a schema change */
    LogApplier(InstanceAddress replica, Supplier<InstanceAddress> master, InstanceConnector connector,
            ApplierSettings settings, LongConsumer onProgress, InsertTables tables) {
        this.tables = tables;
        this.replica = replica;
        this.connector = connector;
        this.settings = settings;
        this.onProgress = onProgress;
        this.catchUp = new CatchUp(replica.id(), master, connector, replicationLog);
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.thread = new Thread(this::run, "log-applier-" + replica.id());
        this.thread.setDaemon(true);
    }

    /** From its next connection on, every transaction on the replica carries this term (see {@code leader.Terms}). */
    @Override
    public void fenceWith(LongSupplier term) {
        this.term = term;
    }

    @Override
    public String replicaId() {
        return replica.id();
    }

    @Override
    public synchronized void start() {
        if (running || thread.isAlive()) {
            throw new IllegalStateException("the applier for " + replica.id() + " was already started");
        }
        running = true;
        thread.start();
    }

    /**
     * Queues a batch without ever blocking. On overflow the whole queue is dropped and the applier
     * catches up from the master's log instead.
     *
     * @return false if the batch was dropped (overflow, broken or stopped applier)
     */
    @Override
    public boolean offer(SharedBatch batch) {
        if (!running || state == ApplierState.BROKEN) {
            return false;
        }
        if (queue.offer(batch)) {
            return true;
        }
        queue.clear();
        overflowed.set(true);
        overflows.incrementAndGet();
        log.warn("{} fell {} batches behind; dropped its queue and catches up from the master's log", replica.id(),
                settings.queueCapacity());
        return false;
    }

    @Override
    public long appliedTs() {
        return appliedTs;
    }

    @Override
    public ApplierState state() {
        return state;
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Dequeue-to-commit time of the last shipped batch, or -1 before the first. */
    public double lastApplyMillis() {
        return lastApplyMillis;
    }

    @Override
    public ApplierStatus status() {
        return new ApplierStatus(replica.id(), state, appliedTs, lastError, lastApplyMillis, overflows.get(), divergent);
    }

    /** Stops the thread and closes its connections; a statement in progress is cut off after the close timeout. */
    @Override
    public void close() {
        requestStop();
        try {
            thread.join(settings.closeTimeout().toMillis());
            if (thread.isAlive()) {
                ReplicaSession current = session;
                if (current != null) {
                    current.abort(Runnable::run);
                }
                catchUp.abort(Runnable::run);
                thread.join(settings.closeTimeout().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Tells the thread to stop without waiting for it, so that several appliers stop at once. */
    @Override
    public void requestStop() {
        running = false;
        thread.interrupt();
    }

    private void run() {
        Duration backoff = settings.initialBackoff();
        while (running) {
            try {
                if (session == null) {
                    connect();
                }
                if (overflowed.getAndSet(false)) {
                    catchUpPending = true;
                }
                if (catchUpPending) {
                    catchUpTo(END_OF_LOG);
                    catchUpPending = false;
                    state = ApplierState.LIVE;
                }
                SharedBatch next = nextBatch();
                if (next != null) {
                    applyShipped(mergeFollowing(next));
                } else {
                    // An idle applier must still notice a replica that died, or a STRONG write would count it as reachable.
                    session.ping();
                }
                backoff = settings.initialBackoff();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (ApplierBrokenException | CorruptEntryException e) {
                breakDown(e);
                break;
            } catch (CatchUp.MasterUnreachableException e) {
                backoff = retryLater(e, true, backoff);
            } catch (ReplicaSession.AppliedTsMovedException e) {
                backoff = retryLater(e, false, backoff);
            } catch (SQLException | RuntimeException e) {
                if (ConnectionFailure.isConnectionLoss(e) || ConnectionFailure.isTransient(e) || appliedTsMoved()) {
                    backoff = retryLater(e, false, backoff);
                } else {
                    breakDown(new ApplierBrokenException("replaying on " + replica.id() + " failed: " + e.getMessage(), e));
                    break;
                }
            }
        }
        disconnect();
        catchUp.close();
    }

    private void connect() throws SQLException {
        ReplicaSession opened = ReplicaSession.open(replica, connector, replicationLog, term, tables);
        session = opened;
        try {
            state = ApplierState.CATCHING_UP;
            publish(opened.appliedTs());
            opened.resolveInDoubtSchemaChange();
            publish(opened.appliedTs());
            requireOnMastersLog(opened);
        } catch (SQLException | RuntimeException e) {
            // Not connected until checked: the next attempt starts from the beginning.
            disconnect();
            throw e;
        }
        catchUpPending = true;
        log.info("{} connected at applied_ts={}", replica.id(), opened.appliedTs());
        onConnected.accept(opened.appliedTs());
    }

    /**
     * Who to tell, on the applier thread, each time the replica is connected and found to hold a prefix of the
     * master's log: with its {@code applied_ts} then.
     */
    @Override
    public void onConnected(LongConsumer listener) {
        this.onConnected = listener;
    }

    private SharedBatch nextBatch() throws InterruptedException {
        SharedBatch next = taken.pollFirst();
        return next != null ? next : queue.poll(settings.idlePoll().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The batch and the queued ones that directly follow it, up to the transaction size. */
    private List<SharedBatch> mergeFollowing(SharedBatch first) {
        List<SharedBatch> run = new ArrayList<>();
        run.add(first);
        int entries = first.batch().entries().size();
        while (entries < settings.maxEntriesPerTransaction()) {
            SharedBatch candidate = taken.pollFirst();
            if (candidate == null) {
                candidate = queue.poll();
            }
            if (candidate == null) {
                break;
            }
            if (candidate.batch().previousTs() != run.get(run.size() - 1).batch().lastTs()) {
                taken.addFirst(candidate);
                break;
            }
            run.add(candidate);
            entries += candidate.batch().entries().size();
        }
        return run;
    }

    private void applyShipped(List<SharedBatch> run) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        ShippedBatch first = run.get(0).batch();
        ShippedBatch last = run.get(run.size() - 1).batch();
        try {
            if (last.lastTs() > appliedTs) {
                if (first.previousTs() > appliedTs) {
                    catchUpTo(first.previousTs());
                }
                if (hasEntriesAfterApplied(run)) {
                    verifyShipped(run);
                    session.applyShipped(run);
                    publish(session.appliedTs());
                    lastApplyMillis = (System.nanoTime() - started) / 1_000_000.0;
                }
            }
            state = ApplierState.LIVE;
        } catch (SQLException | RuntimeException e) {
            for (int i = run.size() - 1; i >= 0; i--) {
                taken.addFirst(run.get(i));
            }
            throw e;
        }
    }

    /**
     * Whether the run holds entries above {@code applied_ts}, checked to continue it directly: after a catch-up
     * that overtook part of the run, {@code applied_ts} must be one of its entries.
     */
    private boolean hasEntriesAfterApplied(List<SharedBatch> run) {
        long previous = run.get(0).batch().previousTs();
        boolean found = false;
        for (SharedBatch shared : run) {
            for (LogEntry entry : shared.batch().entries()) {
                if (entry.ts() <= previous) {
                    throw new ApplierBrokenException("shipped entries are out of order: ts=" + entry.ts() + " follows ts="
                            + previous);
                }
                if (entry.ts() > appliedTs) {
                    if (!found && previous != appliedTs) {
                        throw new ApplierBrokenException(replica.id() + " applied up to ts=" + appliedTs
                                + ", which the shipped batch does not contain, before ts=" + entry.ts());
                    }
                    found = true;
                }
                previous = entry.ts();
            }
        }
        return found;
    }

    /**
     * Applies the master's committed entries after {@code applied_ts} until it reaches {@code target}
     * (waiting for entries not committed yet) or, for {@link #END_OF_LOG}, the end of the master's log.
     */
    private void catchUpTo(long target) throws SQLException, InterruptedException {
        state = ApplierState.CATCHING_UP;
        try {
            while (running && appliedTs < target) {
                List<LogEntry> chunk = catchUp.readAfter(appliedTs, settings.catchUpChunk());
                if (!chunk.isEmpty()) {
                    verify(chunk);
                    session.apply(chunk);
                    publish(session.appliedTs());
                }
                if (chunk.size() < settings.catchUpChunk()) {
                    if (target == END_OF_LOG) {
                        break;
                    }
                    if (chunk.isEmpty()) {
                        Thread.sleep(settings.catchUpPoll().toMillis());
                    }
                }
            }
        } finally {
            catchUp.close();
        }
    }

    private void verify(List<LogEntry> entries) {
        for (LogEntry entry : entries) {
            if (!entry.checksumValid()) {
                throw checksumMismatch(entry);
            }
        }
    }

    /**
     * As {@link #verify}, for the run's entries above {@code applied_ts}, with the checksums each batch verified
     * once for every replica.
     */
    private void verifyShipped(List<SharedBatch> run) {
        for (SharedBatch shared : run) {
            for (LogEntry damaged : shared.damagedEntries()) {
                if (damaged.ts() > appliedTs) {
                    throw checksumMismatch(damaged);
                }
            }
        }
    }

    private static ApplierBrokenException checksumMismatch(LogEntry entry) {
        return new ApplierBrokenException(String.format(
                "checksum mismatch in entry ts=%d (%s): it carries %08x but its content gives %08x; not applied",
                entry.ts(), entry.txnId(), entry.checksum(), EntryChecksum.of(entry)));
    }

    private void publish(long ts) {
        appliedTs = ts;
        onProgress.accept(ts);
    }

    private boolean appliedTsMoved() {
        ReplicaSession current = session;
        try {
            return current != null && current.readAppliedTs() != current.appliedTs();
        } catch (SQLException e) {
            return true;
        }
    }

    private Duration retryLater(Exception failure, boolean replicaStillConnected, Duration backoff) {
        lastError = failure.getMessage();
        state = ApplierState.DISCONNECTED;
        if (!replicaStillConnected) {
            disconnect();
        }
        catchUpPending = true;
        log.warn("{}: {}; retrying in {} ms", replica.id(), failure.getMessage(), backoff.toMillis());
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
        Duration doubled = backoff.multipliedBy(2);
        return doubled.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : doubled;
    }

    /**
     * Catching up applies the master's entries above {@code applied_ts}; that is right only if the master's log
     * holds the replica's last entry too. It does not when the replica applied writes the master never had:
     * writes that were not acknowledged, shipped before a failover the replica missed, and lost with the old
     * master. Applying on top would keep them here unnoticed, so the replica stops instead.
     *
     * @throws ApplierBrokenException if the master's log lacks the replica's last entry, or holds other content there
     */
    private void requireOnMastersLog(ReplicaSession opened) throws SQLException {
        long ts = opened.appliedTs();
        Optional<LogEntry> own = ts == 0 ? Optional.empty() : opened.entryAt(ts);
        if (own.isEmpty()) {
            return;
        }
        Optional<LogEntry> masters = catchUp.entryAt(ts);
        catchUp.close();
        if (masters.isEmpty() || masters.get().checksum() != own.get().checksum()) {
            throw new DivergentReplicaException(replica.id() + " has applied ts=" + ts + " (" + own.get().txnId() + "), which the "
                    + "master " + catchUp.masterId() + "'s log " + (masters.isEmpty() ? "does not hold" : "holds with other content")
                    + ": it holds writes the master never had (not acknowledged, written before a failover it missed). It "
                    + "stops here instead of applying on top of them; POST /admin/rejoin/" + replica.id()
                    + " with {\"discard_divergent\": true} lists them and re-seeds it from the master.");
        }
    }

    private void breakDown(Exception reason) {
        divergent = reason instanceof DivergentReplicaException;
        lastError = reason.getMessage();
        state = ApplierState.BROKEN;
        queue.clear();
        taken.clear();
        log.error("{} stopped applying the log: {}", replica.id(), reason.getMessage(), reason);
    }

    private void disconnect() {
        ReplicaSession current = session;
        session = null;
        if (current != null) {
            current.close();
        }
    }
}
