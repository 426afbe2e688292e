package dev.ddb.coordinator.sequencer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.error.SqlErrors;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.log.BatchXid;
import dev.ddb.coordinator.log.BoundSql;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.LogCodec;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.SessionTimestamp;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.coordinator.replication.Acknowledgements;
import dev.ddb.coordinator.replication.EntryReplayer;
import dev.ddb.coordinator.replication.MasterInserts;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.replication.Shipment;
import dev.ddb.coordinator.replication.StatementScript;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.Privileges;

/**
 * The one writer on the master. It drains pending writes into a batch (group commit), gives each a
 * global timestamp, runs the batch in one master transaction with a savepoint per write (a write
 * the master refuses fails alone and takes no log entry), appends the log entries and advances the
 * master's applied timestamp in the same transaction (refused if the master's epoch moved), then
 * commits: at once for EVENTUAL, or after XA PREPARE and a quorum of replicas for STRONG. Schema
 * changes run alone, between batches.
 *
 * <p>A prepared STRONG batch is handed to the committer thread, which waits for its quorum, commits
 * it and answers its clients (it also answers committed EVENTUAL batches), while the sequencer runs
 * the next batch on another master connection (at most {@value #MASTER_CONNECTIONS}). The master's
 * state row orders the two: the next batch updates it too, so it cannot commit, nor be prepared and
 * shipped, before the one in flight has committed. Commits on the master, shipments and log timestamps
 * thus keep one order; what overlaps is running the next batch's statements with waiting for the
 * replicas.
 *
 * <p>A failover {@linkplain #hold holds} it between batches: writes keep queueing and wait, those that
 * waited longer than the hold timeout get an honest 503, and {@link #resume} continues on the new
 * master. A connection-level failure of a batch (never an SQL error) is reported to whoever watches
 * the master ({@link #onMasterConnectionLost}).
 */
public final class Sequencer implements WritePath, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Sequencer.class);

    /** One batch the sequencer runs, one prepared batch the committer waits on, one queued behind it. */
    private static final int MASTER_CONNECTIONS = 3;
    /** How long a failed XA COMMIT is retried from new connections: the server detaches the branch once it sees the old one closed. */
    private static final int DETACHED_COMMIT_ATTEMPTS = 10;
    private static final Duration DETACHED_COMMIT_PAUSE = Duration.ofMillis(100);

    /** What the sequencer needs from the outside, so it can be tested and rewired on failover. */
    public record Settings(int maxBatchSize, int queueCapacity, Duration quorumTimeout) {
    }

    private final Settings settings;
    private final Topology topology;
    private final MasterConnector masterConnector;
    /** Which tables of the master take merged INSERTs; forgotten after a schema change and in a new epoch. */
    private final MasterInserts masterInserts = new MasterInserts();
    /** The ids a batch's statements will generate, so its log rows can go with them; forgotten with {@link #masterInserts}. */
    private final InsertIdForecast insertIds = new InsertIdForecast();
    /** The epoch {@link #masterInserts} learnt its tables in. */
    private long masterInsertsEpoch = -1;
    private final TimestampSource timestamps;
    private final ReplicaSet replicas;
    private final Supplier<QuorumRule> quorum;
    private final BlockingQueue<PendingWrite> queue;
    private final Thread worker;
    private final ExecutorService committer = Executors.newSingleThreadExecutor(DaemonThreads.named("ddb-committer"));
    private final SequencerStatistics statistics = new SequencerStatistics();
    private final ReplicationLog replicationLog = new ReplicationLog();
    private final ReplicationLog pendingSchemaChanges = ReplicationLog.pendingSchemaChanges();
    private final ReplicaLag lag = new ReplicaLag();

    private volatile boolean running = true;
    /** Null until {@link #fenceWith}: batches carry no term (tests of the sequencer alone). */
    private volatile Leadership leadership;
    private volatile long lastTs;
    private final AtomicLong acknowledgedTs = new AtomicLong();
    /** Open master connections, and those among them that no batch is using. */
    private final Set<Connection> masterConnections = ConcurrentHashMap.newKeySet();
    private final BlockingDeque<Connection> idleMasterConnections = new LinkedBlockingDeque<>();
    private volatile Consumer<String> masterConnectionLost = reason -> { };
    private volatile Runnable schemaChanged = () -> { };

    /**
     * Guards {@code held}, {@code heldSinceNanos}, {@code holdTimeout}, {@code holdReason}, {@code processing}
     * and {@code committing}.
     */
    private final Object holdLock = new Object();
    private boolean held;
    private long heldSinceNanos;
    private Duration holdTimeout = Duration.ZERO;
    private String holdReason;
    private boolean processing;
    /** Prepared batches handed to the committer that it has not finished. */
    private int committing;

    /** Opens a fresh connection to the instance that is master now. */
    @FunctionalInterface
    public interface MasterConnector {
        Connection open(String instanceId) throws SQLException;
    }

    public Sequencer(Settings settings, Topology topology, MasterConnector masterConnector, TimestampSource timestamps,
            ReplicaSet replicas, Supplier<QuorumRule> quorum, long lastTs) {
        this.settings = settings;
        this.topology = topology;
        this.masterConnector = masterConnector;
        this.timestamps = timestamps;
        this.replicas = replicas;
        this.quorum = quorum;
        this.lastTs = lastTs;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.worker = new Thread(this::run, "ddb-sequencer");
        this.worker.setDaemon(true);
    }

    public void start() {
        worker.start();
    }

    /** The highest timestamp in the master's log as this sequencer last wrote or found it. */
    @Override
    public long lastTs() {
        return lastTs;
    }

    /**
     * The end of the last batch this sequencer answered as applied by a quorum of replicas, or what {@link
     * #acknowledgedAtLeast} said before that: a new master whose log ends below it would lose writes that were
     * acknowledged as STRONG.
     */
    @Override
    public long acknowledgedTs() {
        return acknowledgedTs.get();
    }

    /**
     * Counts writes up to {@code ts} as acknowledged: those a previous coordinator may have answered as STRONG,
     * which this one only knows from the instances: the replicas reached at start ({@code
     * ClusterBootstrap.Established#acknowledgeableTs}), and each other replica when it first connects.
     */
    public void acknowledgedAtLeast(long ts) {
        acknowledgedTs.accumulateAndGet(ts, Math::max);
    }

    /**
     * Waits up to {@code patience} until the replicas that have applied the log up to {@code ts} form a quorum under
     * the rule in force now, such as for a write answered {@code QUORUM_NOT_REACHED} whose caller may wait longer.
     */
    @Override
    public Acknowledgements awaitQuorum(long ts, Duration patience) throws InterruptedException {
        QuorumRule rule = quorum.get();
        return replicas.awaitAcknowledgements(ts, rule::isSatisfiedBy, patience);
    }

    @Override
    public ReplicaLag lag() {
        return lag;
    }

    @Override
    public SequencerStatistics statistics() {
        return statistics;
    }

    @Override
    public int queueDepth() {
        return queue.size();
    }

    /** Who to tell when a batch fails because its master connection broke; called on the sequencer's or the committer's thread. */
    @Override
    public void onMasterConnectionLost(Consumer<String> listener) {
        this.masterConnectionLost = listener;
    }

    /**
     * Tells {@code listener} each time a schema change has run on the master, before its outcome is reported, so
     * the writer's next statement is checked against the new schema.
     */
    @Override
    public void onSchemaChange(Runnable listener) {
        this.schemaChanged = listener;
    }

    /**
     * Stops the sequencer between batches: returns once no batch is running or committing. Writes submitted meanwhile
     * wait in the queue; one that waits longer than {@code timeout} fails with 503 {@code FAILOVER_IN_PROGRESS}.
     *
     * @param abortMaster cut the master connections at once, so a batch stuck on a dead master fails now
     * @param patience how long to wait for the running and committing batches to end
     * @throws IllegalStateException if the running batch did not end in time (the sequencer is released again)
     */
    @Override
    public void hold(String reason, Duration timeout, boolean abortMaster, Duration patience) throws InterruptedException {
        synchronized (holdLock) {
            held = true;
            heldSinceNanos = System.nanoTime();
            holdTimeout = timeout;
            holdReason = reason;
        }
        if (abortMaster) {
            for (Connection connection : masterConnections) {
                try {
                    connection.abort(Runnable::run);
                } catch (SQLException e) {
                    log.debug("aborting a master connection: {}", e.getMessage());
                }
            }
        }
        long deadline = System.nanoTime() + patience.toNanos();
        synchronized (holdLock) {
            while (processing || committing > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    held = false;
                    holdLock.notifyAll();
                    throw new IllegalStateException("the batches running and committing on the master did not end within "
                            + patience.toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(holdLock, left);
            }
        }
    }

    /**
     * While held: the new master's log ends at {@code masterLastTs}; the next batch follows it and
     * runs on a fresh connection to whatever instance the topology names master now.
     */
    @Override
    public void adoptMaster(long masterLastTs) {
        synchronized (holdLock) {
            if (!held) {
                throw new IllegalStateException("the sequencer must be held to change its master");
            }
        }
        dropMasterConnections();
        lastTs = masterLastTs;
    }

    /** Lets the queued writes run again. */
    @Override
    public void resume() {
        synchronized (holdLock) {
            held = false;
            holdLock.notifyAll();
        }
    }

    public boolean held() {
        synchronized (holdLock) {
            return held;
        }
    }

    /** Waits while held, failing the writes that waited past the hold timeout; then marks a batch as running. */
    private void awaitRelease() throws InterruptedException {
        synchronized (holdLock) {
            while (held && running) {
                failExpiredWhileHeld();
                holdLock.wait(20);
            }
            processing = true;
        }
    }

    private void failExpiredWhileHeld() {
        long now = System.nanoTime();
        PendingWrite head;
        while ((head = queue.peek()) != null && now - head.queuedAtNanos() > holdTimeout.toNanos()) {
            if (queue.remove(head)) {
                head.fail(CoordinatorException.unavailable("FAILOVER_IN_PROGRESS", "The master is being replaced ("
                        + holdReason + ", " + (now - heldSinceNanos) / 1_000_000 + " ms ago); the write waited "
                        + (now - head.queuedAtNanos()) / 1_000_000 + " ms, longer than " + holdTimeout.toMillis()
                        + " ms, and was not executed. Retry it.", null));
            }
        }
    }

    private void batchEnded() {
        synchronized (holdLock) {
            processing = false;
            holdLock.notifyAll();
        }
    }

    /**
     * Queues a write and returns its answer to come. A STRONG write that the reachable replicas
     * could not acknowledge even all together is refused here, before anything changes.
     */
    /**
     * From now on every batch carries this coordinator's term, and the master refuses it once another coordinator
     * claimed a higher one; writes are refused while it does not lead.
     */
    public void fenceWith(Leadership leadership) {
        this.leadership = leadership;
    }

    private static CoordinatorException notLeading(Leadership leader) {
        return CoordinatorException.unavailable("NOT_LEADER", "This coordinator (" + leader.coordinatorId()
                + ") does not lead: " + leader.notLeadingBecause() + ". Nothing was written.", null);
    }

    @Override
    public CompletableFuture<WriteOutcome> submit(WriteRequest request) {
        // During a failover the replica set is being rebuilt; the quorum is judged when the write runs.
        if (request.consistency() == Consistency.STRONG && !held()) {
            Set<String> reachable = replicas.reachable();
            QuorumRule rule = quorum.get();
            if (!rule.isSatisfiedBy(reachable)) {
                throw CoordinatorException.unavailable("QUORUM_UNAVAILABLE",
                        "A STRONG write needs a quorum (" + rule.describe() + ") but only " + reachable.size()
                                + " replica(s) are reachable " + reachable + "; nothing was written.", null);
            }
        }
        Leadership leader = leadership;
        if (leader != null && !leader.leading()) {
            throw notLeading(leader);
        }
        PendingWrite pending = new PendingWrite(request);
        if (!running) {
            throw CoordinatorException.unavailable("SHUTTING_DOWN", "The coordinator is shutting down; nothing was written.", null);
        }
        if (!queue.offer(pending)) {
            throw CoordinatorException.unavailable("OVERLOADED",
                    "The write queue is full (" + settings.queueCapacity() + " writes waiting); nothing was written. Retry later.", null);
        }
        return pending.result();
    }

    private void run() {
        while (running) {
            try {
                awaitRelease();
                PendingWrite first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                List<PendingWrite> batch = new ArrayList<>();
                batch.add(first);
                if (!first.request().runsAlone()) {
                    PendingWrite next;
                    while (batch.size() < settings.maxBatchSize() && (next = queue.peek()) != null
                            && !next.request().runsAlone()) {
                        batch.add(queue.poll());
                    }
                }
                process(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("sequencer loop failed; continuing with the next batch", e);
            } finally {
                batchEnded();
            }
        }
    }

    private void process(List<PendingWrite> batch) throws InterruptedException {
        long started = System.nanoTime();
        Connection connection = null;
        try {
            if (batch.get(0).request().runsAlone()) {
                // A barrier: the schema change, or the read from the master, follows every committed batch and runs alone.
                awaitCommitter();
            }
            connection = takeMasterConnection();
            if (masterInsertsEpoch != topology.epoch()) {
                masterInserts.forget();
                insertIds.forget();
                masterInsertsEpoch = topology.epoch();
            }
            long[] ts = timestamps.next(lastTs, batch.size());
            if (batch.get(0).request().ddl()) {
                runSchemaChange(connection, batch.get(0), ts[0]);
            } else if (batch.get(0).request().fromMaster() != null) {
                if (runReadFromMaster(connection, batch.get(0), ts)) {
                    connection = null;
                }
            } else if (runBatch(connection, batch, ts)) {
                connection = null;
            }
        } catch (SQLException e) {
            discard(connection);
            connection = null;
            CoordinatorException failure = CoordinatorException.unavailable("MASTER_UNAVAILABLE",
                    "The master " + topology.master().id() + " could not be reached (" + e.getMessage()
                            + "); the write was not acknowledged.", e);
            batch.forEach(p -> p.fail(failure));
            log.warn("batch of {} failed on the master {}: {}", batch.size(), topology.master().id(), e.getMessage());
            if (SqlErrors.isConnectionLevel(e)) {
                masterConnectionLost.accept(topology.master().id() + ": " + e.getMessage());
            }
        } catch (CoordinatorException e) {
            batch.forEach(p -> p.fail(e));
        } catch (RuntimeException e) {
            discard(connection);
            connection = null;
            CoordinatorException failure = CoordinatorException.unavailable("WRITE_FAILED",
                    "The write could not be completed: " + e.getMessage(), e);
            batch.forEach(p -> p.fail(failure));
            log.error("batch of {} failed", batch.size(), e);
        } finally {
            release(connection);
            statistics.recordBatch(batch.size(), System.nanoTime() - started);
        }
    }

    /**
     * Reads the write's statements on the master, where every earlier write has committed and no later one has run,
     * then runs them as a batch of one; true as for {@link #runBatch}.
     */
    private boolean runReadFromMaster(Connection connection, PendingWrite pending, long[] ts)
            throws SQLException, InterruptedException {
        connection.setAutoCommit(true);
        List<LoggedStatement> read;
        try {
            read = pending.request().fromMaster().read(connection);
        } catch (SQLException e) {
            if (SqlErrors.isConnectionLevel(e)) {
                throw e;
            }
            pending.fail(SqlErrors.statementFailed(e));
            return false;
        }
        if (read.isEmpty()) {
            throw new IllegalStateException("the write " + pending.request().txnId() + " read no statement from the master");
        }
        PendingWrite written = new PendingWrite(pending.request().withStatements(read), pending.result(),
                pending.queuedAtNanos());
        return runBatch(connection, List.of(written), ts);
    }

    /**
     * What the master's execution of a batch produced: the writes that succeeded, with their log entries, and
     * whether the state's advance succeeded where it ran in the same round trip ({@link Bookkeeping}).
     */
    private record Executed(List<PendingWrite> written, List<LogEntry> entries, List<long[]> results, boolean advanced) {
    }

    /** Thrown on the optimistic pass when a statement fails, so the batch runs again with a savepoint per write. */
    private static final class IsolationNeeded extends Exception {
        IsolationNeeded() {
            super(null, null, false, false);
        }
    }

    /**
     * Runs a batch of writes; true if it was prepared and handed to the committer with its
     * connection, which the sequencer must not use any more.
     */
    private boolean runBatch(Connection connection, List<PendingWrite> batch, long[] ts) throws SQLException, InterruptedException {
        boolean strong = batch.stream().anyMatch(PendingWrite::strong);
        String xid = strong ? new BatchXid(topology.epoch(), ts[0]).text() : null;
        // One NOW() per batch: its writes commit together anyway, and it saves a round trip per write.
        String sessionTimestamp = sessionTimestamp();
        Executed executed;
        boolean finished = false;
        // An EVENTUAL batch is a local transaction; a STRONG one starts its XA branch in the batch's own round trip.
        connection.setAutoCommit(xid != null);
        try {
            boolean isolated = false;
            long[][] forecast = insertIds.forecast(batch);
            Bookkeeping ahead = forecast == null ? null : bookkeepingAhead(batch, forecast, ts, sessionTimestamp, xid);
            try {
                executed = execute(connection, batch, ts, sessionTimestamp, xid, ahead);
                if (ahead != null && !insertIds.confirm(forecast, executed.entries())) {
                    // A statement generated another AUTO_INCREMENT id than forecast, and its log entry carries it:
                    // run the batch again with its log rows written once the ids are known.
                    rollback(connection, xid, true);
                    insertIds.forgetNextIds();
                    begin(connection, xid);
                    ahead = null;
                    executed = execute(connection, batch, ts, sessionTimestamp, xid, null);
                }
            } catch (IsolationNeeded e) {
                // Rare: a statement failed. Undo the batch and run it again, each write behind its own
                // savepoint, so the failing write fails alone and the others still commit.
                rollback(connection, xid, false);
                begin(connection, xid);
                ahead = null;
                executed = executeIsolated(connection, batch, ts, sessionTimestamp);
                isolated = true;
            }
            List<LogEntry> entries = executed.entries();
            List<PendingWrite> written = executed.written();
            List<long[]> results = executed.results();
            insertIds.learn(written, entries, results);
            if (isolated) {
                // The failed writes, and the first pass, took ids of their own.
                insertIds.forgetNextIds();
            }
            if (entries.isEmpty()) {
                rollback(connection, xid, false);
                finished = true;
                return false;
            }
            long previousTs = lastTs;
            long newLastTs = entries.get(entries.size() - 1).ts();
            List<LogCodec.Row> rows = ahead != null ? ahead.rows() : replicationLog.rows(entries);
            boolean advanced = ahead != null ? executed.advanced() : appendAndAdvance(connection, rows, newLastTs, xid);
            if (!advanced) {
                rollback(connection, xid, true);
                insertIds.forgetNextIds();
                finished = true;
                Leadership leader = leadership;
                CoordinatorException stale = leader != null && !leader.confirm()
                        ? notLeading(leader)
                        : CoordinatorException.unavailable("STALE_MASTER", "The instance "
                        + topology.master().id() + " is no longer the master of epoch " + topology.epoch()
                        + "; the write was not committed.", null);
                written.forEach(p -> p.fail(stale));
                return false;
            }
            ShippedBatch shipped = new ShippedBatch(previousTs, entries, rows);
            if (!strong) {
                connection.commit();
                finished = true;
                lastTs = newLastTs;
                lag.committed(newLastTs);
                replicas.ship(shipped);
                onCommitter(() -> {
                    for (int i = 0; i < written.size(); i++) {
                        written.get(i).result().complete(outcome(written.get(i), entries.get(i), results.get(i), List.of(), false));
                    }
                });
                return false;
            }
            // From here on the batch is never rolled back: replicas may already hold it.
            finished = true;
            lastTs = newLastTs;
            Shipment shipment = replicas.ship(shipped);
            handOff(new Prepared(connection, xid, executed, newLastTs, shipment));
            return true;
        } finally {
            if (!finished) {
                insertIds.forgetNextIds();
                abandon(connection, xid);
            }
        }
    }

    /** A STRONG batch prepared on the master and shipped, with the connection that holds it. */
    private record Prepared(Connection connection, String xid, Executed executed, long lastTs, Shipment shipment) {
    }

    /** Gives a prepared batch to the committer, which finishes batches in the order they come. */
    private void handOff(Prepared prepared) {
        synchronized (holdLock) {
            committing++;
        }
        onCommitter(() -> {
            try {
                commitPrepared(prepared);
            } catch (RuntimeException e) {
                log.error("committing {} failed", prepared.xid(), e);
                discard(prepared.connection());
                CoordinatorException unknown = new CoordinatorException(503, "COMMIT_OUTCOME_UNKNOWN", "The write was "
                        + "prepared on the master, but finishing it failed (" + e.getMessage() + "); it will be resolved "
                        + "from the log when the master is recovered.", List.of(), e);
                // Writes already answered keep their answer; the others get this one instead of waiting for a timeout.
                prepared.executed().written().forEach(p -> p.fail(unknown));
            } finally {
                synchronized (holdLock) {
                    committing--;
                    holdLock.notifyAll();
                }
            }
        });
    }

    /**
     * Runs work on the committer's thread, after what was handed to it before: finishing STRONG
     * batches, and answering the writes of committed EVENTUAL ones (waking each waiting request
     * thread costs the sequencer a millisecond per batch otherwise).
     */
    private void onCommitter(Runnable work) {
        try {
            committer.execute(work);
        } catch (RejectedExecutionException shuttingDown) {
            work.run();
        }
    }

    /** Waits until the committer has finished every batch handed to it. */
    private void awaitCommitter() throws InterruptedException {
        synchronized (holdLock) {
            while (committing > 0) {
                holdLock.wait();
            }
        }
    }

    /**
     * On the committer's thread: waits for the batch's quorum, commits it on the master (even without
     * the quorum: the log is the truth and lagging replicas catch up from it) and answers its writes.
     */
    private void commitPrepared(Prepared prepared) {
        List<PendingWrite> written = prepared.executed().written();
        List<LogEntry> entries = prepared.executed().entries();
        List<long[]> results = prepared.executed().results();
        QuorumRule rule = quorum.get();
        Acknowledgements acks;
        try {
            acks = prepared.shipment().awaitQuorum(rule::isSatisfiedBy, settings.quorumTimeout());
        } catch (InterruptedException e) {
            // Shutting down: commit what the replicas may already hold, and answer with what is known.
            Thread.currentThread().interrupt();
            Set<String> soFar = prepared.shipment().acknowledgedBy();
            acks = new Acknowledgements(soFar, rule.isSatisfiedBy(soFar));
        }
        List<String> ackList = acks.acknowledgedBy().stream().sorted().toList();
        boolean reached = acks.quorumReached();
        try (Statement session = prepared.connection().createStatement()) {
            session.execute("XA COMMIT '" + prepared.xid() + "'");
        } catch (SQLException e) {
            discard(prepared.connection());
            if (!commitDetached(prepared)) {
                if (SqlErrors.isConnectionLevel(e)) {
                    masterConnectionLost.accept(topology.master().id() + ": " + e.getMessage());
                }
                CoordinatorException unknown = new CoordinatorException(503, "COMMIT_OUTCOME_UNKNOWN", "The write was "
                        + "prepared on the master and applied by " + ackList + ", but the final commit failed ("
                        + e.getMessage() + "); it will be resolved from the log when the master is recovered.", ackList, e);
                written.forEach(p -> p.fail(unknown));
                return;
            }
        }
        release(prepared.connection());
        lag.committed(prepared.lastTs());
        if (reached) {
            acknowledgedTs.accumulateAndGet(prepared.lastTs(), Math::max);
        }
        for (int i = 0; i < written.size(); i++) {
            PendingWrite pending = written.get(i);
            if (reached || !pending.strong()) {
                pending.result().complete(outcome(pending, entries.get(i), results.get(i), ackList, reached));
            } else {
                pending.fail(new CoordinatorException(503, "QUORUM_NOT_REACHED", "The write was committed on the master "
                        + "with timestamp " + entries.get(i).ts() + " but only " + ackList.size() + " replica(s) "
                        + ackList + " applied it within " + settings.quorumTimeout().toMillis() + " ms (" + rule.describe()
                        + "); it is not acknowledged as STRONG. The other replicas will catch up.", ackList,
                        entries.get(i).ts(), null));
            }
        }
    }

    /**
     * After the batch's own connection failed at XA COMMIT: commits the branch from a new connection,
     * unless a failover is under way (it resolves prepared branches when the old master rejoins).
     */
    private boolean commitDetached(Prepared prepared) {
        if (held()) {
            return false;
        }
        try {
            return DetachedBranch.commit(masterConnector, topology.master().id(), prepared.xid(), prepared.lastTs(),
                    DETACHED_COMMIT_ATTEMPTS, DETACHED_COMMIT_PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Appends the batch's log entries and moves the master's applied timestamp, and for a STRONG batch
     * ({@code xid} not null) ends and prepares its branch, all in one round trip; false if the master's
     * epoch moved (the caller rolls back the prepared branch).
     */
    private boolean appendAndAdvance(Connection connection, List<LogCodec.Row> rows, long newLastTs, String xid)
            throws SQLException {
        StatementScript bookkeeping = new StatementScript();
        int advanced = addBookkeeping(bookkeeping, connection, rows, newLastTs, xid);
        return bookkeeping.run(connection).get(advanced).updateCount() == 1;
    }

    /** Adds {@link #appendAndAdvance}'s statements to {@code script}; the index of the advance's result. */
    private int addBookkeeping(StatementScript script, Connection connection, List<LogCodec.Row> rows, long newLastTs,
            String xid) throws SQLException {
        for (BoundSql insert : replicationLog.insertsOf(rows)) {
            script.add(connection, insert);
        }
        Leadership leader = leadership;
        int advanced = script.add(connection, leader == null
                ? InstanceState.advanceStatement(newLastTs, topology.epoch())
                : InstanceState.advanceStatement(newLastTs, topology.epoch(), leader.term()));
        if (xid != null) {
            // Prepared even if the advance was refused: rare, and a prepared branch rolls back as well.
            script.add("XA END '" + xid + "'");
            script.add("XA PREPARE '" + xid + "'");
        }
        return advanced;
    }

    /**
     * A batch's log rows written before its statements' results are known, with the AUTO_INCREMENT ids {@link
     * InsertIdForecast} expects. The rows, the state's advance and a STRONG batch's {@code XA PREPARE} then run in the
     * statements' own round trip: one master round trip per batch instead of two.
     */
    private record Bookkeeping(List<LogCodec.Row> rows, long lastTs, String xid) {
    }

    /** The log rows of {@code batch} if its statements generate the {@code forecast} ids. */
    private Bookkeeping bookkeepingAhead(List<PendingWrite> batch, long[][] forecast, long[] ts, String sessionTimestamp,
            String xid) {
        List<LogEntry> entries = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            WriteRequest request = batch.get(i).request();
            List<LoggedStatement> logged = new ArrayList<>(request.statements().size());
            for (int s = 0; s < request.statements().size(); s++) {
                LoggedStatement statement = request.statements().get(s);
                logged.add(new LoggedStatement(statement.sql(), statement.params(), forecast[i][s]));
            }
            entries.add(LogEntry.create(ts[i], request.txnId(), topology.epoch(), logged, sessionTimestamp,
                    request.tables(), request.runsAs()));
        }
        return new Bookkeeping(replicationLog.rows(entries), ts[batch.size() - 1], xid);
    }

    /**
     * The usual pass: the whole batch as one {@link StatementScript}, one round trip. If any statement
     * fails, the batch must run again isolated.
     */
    private Executed execute(Connection connection, List<PendingWrite> batch, long[] ts, String sessionTimestamp,
            String xid, Bookkeeping ahead) throws SQLException, IsolationNeeded {
        int advanced = -1;
        List<StatementScript.Result> results;
        List<List<EntryReplayer.Planned>> plans = new ArrayList<>(batch.size());
        List<InRun> inRuns = new ArrayList<>(batch.size());
        try {
            StatementScript script = new StatementScript();
            // SET first: Connector/J scans a whole query that starts with XA for "XA RECOVER".
            script.add("SET TIMESTAMP = " + sessionTimestamp);
            if (xid != null) {
                script.add("XA START '" + xid + "'");
            }
            List<LoggedStatement> singleStatements = new ArrayList<>(batch.size());
            for (PendingWrite pending : batch) {
                List<LoggedStatement> statements = pending.request().statements();
                singleStatements.add(statements.size() == 1 ? statements.get(0) : null);
            }
            // Each run of writes with the same privileges gets them first, in the same round trip.
            Privileges privileges = null;
            int samePrivilegesEnd = 0;
            int next = 0;
            while (next < batch.size()) {
                if (next == samePrivilegesEnd) {
                    privileges = batch.get(next).request().runsAs();
                    script.add(privileges.activation());
                    samePrivilegesEnd = endOfPrivileges(batch, next);
                }
                MasterInserts.Run run = masterInserts.plan(script, connection,
                        singleStatements.subList(0, samePrivilegesEnd), next);
                if (run != null) {
                    for (int position = 0; position < run.count(); position++) {
                        plans.add(List.of());
                        inRuns.add(new InRun(run, position));
                    }
                    next += run.count();
                    continue;
                }
                List<EntryReplayer.Planned> planned = new ArrayList<>();
                for (LoggedStatement statement : batch.get(next).request().statements()) {
                    planned.add(EntryReplayer.plan(script, connection, statement.sql(), statement.params()));
                }
                plans.add(planned);
                inRuns.add(null);
                next++;
            }
            if (privileges != Privileges.SUITE) {
                script.add(Privileges.SUITE.activation());
            }
            if (ahead != null) {
                advanced = addBookkeeping(script, connection, ahead.rows(), ahead.lastTs(), ahead.xid());
            }
            results = script.run(connection);
        } catch (SQLException e) {
            if (SqlErrors.isConnectionLevel(e)) {
                throw e;
            }
            throw new IsolationNeeded();
        }
        Executed executed = new Executed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                advanced >= 0 && results.get(advanced).updateCount() == 1);
        for (int i = 0; i < batch.size(); i++) {
            List<EntryReplayer.Execution> executions = new ArrayList<>();
            InRun inRun = inRuns.get(i);
            if (inRun != null) {
                executions.add(inRun.run().execution(results, inRun.position()).orElseThrow(IsolationNeeded::new));
            }
            for (EntryReplayer.Planned planned : plans.get(i)) {
                executions.add(EntryReplayer.executionOf(planned, results));
            }
            record(executed, batch.get(i), ts[i], sessionTimestamp, executions);
        }
        return executed;
    }

    /** Where the writes from {@code from} on with its privileges end: one merged INSERT never mixes privileges. */
    private static int endOfPrivileges(List<PendingWrite> batch, int from) {
        Privileges runsAs = batch.get(from).request().runsAs();
        int end = from + 1;
        while (end < batch.size() && batch.get(end).request().runsAs() == runsAs) {
            end++;
        }
        return end;
    }

    /** A write that runs as a row of a multi-row INSERT ({@link MasterInserts}), and which row. */
    private record InRun(MasterInserts.Run run, int position) {
    }

    /**
     * The rare pass after a statement failed: each write behind its own savepoint and in round trips
     * of its own, so the failing write fails alone and the others still commit.
     */
    private Executed executeIsolated(Connection connection, List<PendingWrite> batch, long[] ts, String sessionTimestamp)
            throws SQLException {
        Executed executed = new Executed(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), false);
        try (Statement session = connection.createStatement()) {
            // The session is the sequencer's alone and every batch sets its clock first, so it is never reset.
            session.execute("SET TIMESTAMP = " + sessionTimestamp);
            // The optimistic pass may have stopped at a client's statement, with the client's privileges.
            session.execute(Privileges.SUITE.activation());
            for (int i = 0; i < batch.size(); i++) {
                PendingWrite pending = batch.get(i);
                session.execute("SAVEPOINT w");
                try {
                    WriteRequest request = pending.request();
                    record(executed, pending, ts[i], sessionTimestamp,
                            EntryReplayer.executeAs(connection, request.runsAs(), request.statements()));
                } catch (SQLException e) {
                    if (SqlErrors.isConnectionLevel(e)) {
                        throw e;
                    }
                    session.execute("ROLLBACK TO SAVEPOINT w");
                    // Left with the failed write's privileges; a failure here drops the connection with the batch.
                    session.execute(Privileges.SUITE.activation());
                    pending.fail(SqlErrors.statementFailed(e));
                }
            }
        }
        return executed;
    }

    /** Adds a write that ran to what the batch produced: its log entry (with each statement's insert id) and its result. */
    private void record(Executed executed, PendingWrite pending, long ts, String sessionTimestamp,
            List<EntryReplayer.Execution> executions) {
        List<LoggedStatement> statements = pending.request().statements();
        List<LoggedStatement> logged = new ArrayList<>(statements.size());
        long rows = 0;
        long insertId = 0;
        for (int i = 0; i < statements.size(); i++) {
            EntryReplayer.Execution execution = executions.get(i);
            rows += execution.rowsAffected();
            if (execution.insertId() != 0) {
                insertId = execution.insertId();
            }
            logged.add(new LoggedStatement(statements.get(i).sql(), statements.get(i).params(), execution.insertId()));
        }
        executed.entries().add(LogEntry.create(ts, pending.request().txnId(), topology.epoch(), logged, sessionTimestamp,
                pending.request().tables(), pending.request().runsAs()));
        executed.written().add(pending);
        executed.results().add(new long[] {rows, insertId});
    }

    /**
     * A schema change commits on its own, so it cannot share a transaction with its log entry. It is
     * recorded as pending first, then run, then logged (deleting the pending record in the same
     * transaction); a coordinator that crashed in between finishes it at start ({@code ClusterBootstrap}).
     */
    private void runSchemaChange(Connection connection, PendingWrite pending, long ts) throws SQLException, InterruptedException {
        WriteRequest request = pending.request();
        String sessionTimestamp = sessionTimestamp();
        List<LoggedStatement> logged = request.statements().stream()
                .map(statement -> new LoggedStatement(statement.sql(), statement.params(), 0)).toList();
        LogEntry entry = LogEntry.create(ts, request.txnId(), topology.epoch(), logged, sessionTimestamp,
                request.tables(), request.runsAs());
        connection.setAutoCommit(true);
        pendingSchemaChanges.append(connection, List.of(entry));
        // Whether the change succeeds or not, tables, columns and triggers may differ after it.
        masterInserts.forget();
        insertIds.forget();
        long rows = 0;
        try (Statement session = connection.createStatement()) {
            session.execute("SET TIMESTAMP = " + sessionTimestamp);
            try {
                for (EntryReplayer.Execution execution : EntryReplayer.executeAs(connection, request.runsAs(),
                        request.statements())) {
                    rows += execution.rowsAffected();
                }
            } catch (SQLException e) {
                if (SqlErrors.isConnectionLevel(e)) {
                    throw e;
                }
                session.execute(Privileges.SUITE.activation());
                pendingSchemaChanges.delete(connection, ts);
                pending.fail(SqlErrors.statementFailed(e));
                return;
            } finally {
                // Even a failed or cut-off change may have altered the schema.
                schemaChanged.run();
            }
        }
        long previousTs = lastTs;
        connection.setAutoCommit(false);
        try {
            replicationLog.append(connection, List.of(entry));
            pendingSchemaChanges.delete(connection, ts);
            if (!InstanceState.advance(connection, ts, topology.epoch())) {
                connection.rollback();
                pending.fail(CoordinatorException.unavailable("STALE_MASTER", "The schema change ran on "
                        + topology.master().id() + ", which is no longer the master of epoch " + topology.epoch()
                        + "; it was not logged.", null));
                return;
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
        lastTs = ts;
        lag.committed(ts);
        Shipment shipment = replicas.ship(new ShippedBatch(previousTs, List.of(entry)));
        List<String> ackList = List.of();
        boolean reached = false;
        if (pending.strong()) {
            QuorumRule rule = quorum.get();
            Acknowledgements acks = shipment.awaitQuorum(rule::isSatisfiedBy, settings.quorumTimeout());
            ackList = acks.acknowledgedBy().stream().sorted().toList();
            reached = acks.quorumReached();
            if (reached) {
                acknowledgedTs.accumulateAndGet(ts, Math::max);
            } else {
                pending.fail(new CoordinatorException(503, "QUORUM_NOT_REACHED", "The schema change was committed on the "
                        + "master with timestamp " + ts + " but only " + ackList + " applied it within "
                        + settings.quorumTimeout().toMillis() + " ms (" + rule.describe() + ").", ackList, ts, null));
                return;
            }
        }
        pending.result().complete(outcome(pending, entry, new long[] {rows, 0}, ackList, reached));
    }

    private WriteOutcome outcome(PendingWrite pending, LogEntry entry, long[] result, List<String> acknowledgedBy, boolean quorumAchieved) {
        return new WriteOutcome(pending.request().txnId(), entry.ts(), result[0], result[1], topology.master().id(),
                pending.request().consistency(), acknowledgedBy, quorumAchieved);
    }

    private void begin(Connection connection, String xid) throws SQLException {
        if (xid == null) {
            connection.setAutoCommit(false);
        } else {
            connection.setAutoCommit(true);
            try (Statement statement = connection.createStatement()) {
                statement.execute("XA START '" + xid + "'");
            }
        }
    }

    /**
     * Rolls a batch back: an EVENTUAL one's transaction, or a STRONG one's branch, ended first unless
     * {@code prepared} (after {@link #appendAndAdvance}, which ends and prepares it).
     */
    private void rollback(Connection connection, String xid, boolean prepared) throws SQLException {
        if (xid == null) {
            connection.rollback();
        } else {
            try (Statement statement = connection.createStatement()) {
                if (!prepared) {
                    statement.execute("XA END '" + xid + "'");
                }
                statement.execute("XA ROLLBACK '" + xid + "'");
            }
        }
    }

    /** Leaves no half-done transaction behind after an unexpected failure; a broken connection is dropped. */
    private void abandon(Connection connection, String xid) {
        try {
            if (xid == null) {
                connection.rollback();
            } else {
                try (Statement statement = connection.createStatement()) {
                    try {
                        statement.execute("XA END '" + xid + "'");
                    } catch (SQLException alreadyEnded) {
                        log.debug("XA END {}: {}", xid, alreadyEnded.getMessage());
                    }
                    statement.execute("XA ROLLBACK '" + xid + "'");
                }
            }
        } catch (SQLException e) {
            log.warn("could not roll back {} on the master ({}); dropping the connection", xid == null ? "the batch" : xid, e.getMessage());
            discard(connection);
        }
    }

    /**
     * A master connection no batch is using: an idle one, a new one while fewer than
     * {@value #MASTER_CONNECTIONS} are open, or else the next one the committer releases.
     */
    private Connection takeMasterConnection() throws SQLException, InterruptedException {
        while (true) {
            Connection connection = idleMasterConnections.pollFirst();
            if (connection == null && masterConnections.size() >= MASTER_CONNECTIONS) {
                connection = idleMasterConnections.pollFirst(100, TimeUnit.MILLISECONDS);
            }
            if (connection != null) {
                if (!connection.isClosed()) {
                    return connection;
                }
                masterConnections.remove(connection);
            } else if (masterConnections.size() < MASTER_CONNECTIONS) {
                Connection opened = masterConnector.open(topology.master().id());
                masterConnections.add(opened);
                return opened;
            }
        }
    }

    /** Returns a connection the batch is done with (null, or one already discarded, is ignored). */
    private void release(Connection connection) {
        if (connection != null && masterConnections.contains(connection)) {
            idleMasterConnections.addFirst(connection);
        }
    }

    /** Closes a connection that failed or whose transaction state is unknown. */
    private void discard(Connection connection) {
        if (connection == null) {
            return;
        }
        masterConnections.remove(connection);
        idleMasterConnections.remove(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("closing a broken master connection: {}", e.getMessage());
        }
    }

    /** Closes every master connection; called when no batch is running or committing. */
    private void dropMasterConnections() {
        for (Connection connection : List.copyOf(masterConnections)) {
            discard(connection);
        }
    }

    /** The coordinator's clock, fixed per write so every instance computes the same NOW(). */
    private static String sessionTimestamp() {
        return SessionTimestamp.of(java.time.Instant.now());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        resume();
        worker.join(5_000);
        committer.shutdown();
        if (!committer.awaitTermination(settings.quorumTimeout().toMillis() + 5_000, TimeUnit.MILLISECONDS)) {
            committer.shutdownNow();
        }
        CoordinatorException stopped = CoordinatorException.unavailable("SHUTTING_DOWN",
                "The coordinator stopped before the write was sequenced; nothing was written.", null);
        PendingWrite left;
        while ((left = queue.poll()) != null) {
            left.fail(stopped);
        }
        dropMasterConnections();
    }
}
