package dev.ddb.coordinator.binlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.error.SqlErrors;
import dev.ddb.coordinator.leader.Leadership;
import dev.ddb.coordinator.leader.Terms;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.replication.Acknowledgements;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.coordinator.sequencer.QuorumRule;
import dev.ddb.coordinator.sequencer.ReplicaLag;
import dev.ddb.coordinator.sequencer.SequencerStatistics;
import dev.ddb.coordinator.sequencer.WriteOutcome;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.sequencer.WriteRequest;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.cluster.Privileges;

/**
 * The binlog mode's write path. Each write runs as one transaction of its own on the master, on one of a fixed set
 * of writer threads, each with its own connection; the server's group commit joins concurrent commits. The master's
 * binary log then carries the rows to the replicas, whose own threads apply them ({@link NativeReplica}). The
 * write's {@code timestamp} is its GTID's sequence number.
 *
 * <p>An EVENTUAL write is answered once the master committed it. A STRONG write is answered once the replicas that
 * applied its GTID satisfy the quorum rule (Cabinet's weights); until then it is committed on the master and a
 * reader of the master sees it (the timestamp-log mode keeps it prepared instead, invisible until the quorum). If
 * the quorum does not come within the quorum timeout the write stays committed, it cannot be taken back, and the
 * answer says so: {@code QUORUM_NOT_REACHED} with the GTID's timestamp.
 *
 * <p>Every transaction first reads the leadership row of the master under a shared lock: a coordinator that a later
 * one deposed finds the higher term there and writes nothing, and a claim waits for the transactions that read it
 * first (or ends their sessions), as in the log mode.
 */
public final class BinlogWriter implements WritePath, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BinlogWriter.class);
    /**
     * The suite's own writes (chunk checksums, repairs, clearing data) go to the binary log as statements, as
     * pt-table-checksum's do: written to replay identically, each replica runs them over its own rows, so a checksum
     * is the replica's own and a repair rewrites the replica's rows. Clients' writes go as rows.
     */
    private static final String BY_STATEMENT = "SET SESSION binlog_format = 'STATEMENT'";
    private static final String BY_ROW = "SET SESSION binlog_format = 'ROW'";

    /**
     * @param writers transactions that may run on the master at once, each on its own connection
     * @param queueCapacity writes that may wait for a writer before further ones are refused ({@code OVERLOADED})
     * @param quorumTimeout how long a STRONG write waits for its quorum after the master committed it
     */
    public record Settings(int writers, int queueCapacity, Duration quorumTimeout) {
        public Settings {
            if (writers < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("writers and queue capacity must be positive");
            }
        }
    }

    /** Opens a connection to the master whose writes go to its binary log. */
    @FunctionalInterface
    public interface MasterConnector {
        Connection open(InstanceAddress master) throws SQLException;
    }

    /** A connection of one writer thread, opened to the master of one epoch. */
    private record MasterSession(Connection connection, String masterId, long epoch, String[] lastGtid) {
    }

    /** A STRONG write committed on the master, waiting for its quorum. */
    private record Waiter(WriteOutcome committed, CompletableFuture<WriteOutcome> result) {
    }

    private final Settings settings;
    private final Topology topology;
    private final MasterConnector connector;
    private final ReplicaSet replicas;
    private final Supplier<QuorumRule> quorum;
    private final ThreadPoolExecutor writers;
    private final ScheduledExecutorService timer;
    private final ThreadLocal<MasterSession> sessions = new ThreadLocal<>();
    private final List<Waiter> waiting = new ArrayList<>();
    private final AtomicLong lastTs = new AtomicLong();
    private final AtomicLong acknowledgedTs = new AtomicLong();
    private final ReplicaLag lag;
    private final SequencerStatistics statistics = new SequencerStatistics();
    private volatile Leadership leadership;
    private volatile Consumer<String> masterConnectionLost = id -> { };
    private volatile Runnable schemaChanged = () -> { };
    private volatile boolean running = true;
    /** Guards the hold: writes on the master now, whether held, and why. */
    private final Object holdLock = new Object();
    private int onMaster;
    private boolean held;
    private String holdReason;
    private Duration holdTimeout = Duration.ZERO;
    private long heldSinceNanos;
    /**
     * A write whose statements are read from the master (a repair) runs alone: its reading and rewriting of rows must
     * not interleave with another writer's change to them. Every other write shares the lock.
     */
    private final ReadWriteLock alone = new ReentrantReadWriteLock();
    /** Every writer's open master connection, so a hold can cut them all. */
    private final Set<Connection> masterConnections = ConcurrentHashMap.newKeySet();

    /** @param lag where the writer records each commit's time, which the replicas' links read back as apply latency */
    public BinlogWriter(Settings settings, Topology topology, MasterConnector connector, ReplicaSet replicas,
            Supplier<QuorumRule> quorum, ReplicaLag lag) {
        this.lag = lag;
        this.settings = settings;
        this.topology = topology;
        this.connector = connector;
        this.replicas = replicas;
        this.quorum = quorum;
        AtomicInteger threads = new AtomicInteger();
        this.writers = new ThreadPoolExecutor(settings.writers(), settings.writers(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()), runnable -> {
                    Thread thread = new Thread(() -> {
                        try {
                            runnable.run();
                        } finally {
                            closeSession();
                        }
                    }, "binlog-writer-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "binlog-quorum-timer");
            thread.setDaemon(true);
            return thread;
        });
        replicas.onProgress(this::checkWaiters);
    }

    /** Every transaction from now on reads this coordinator's term on the master first, and writes nothing under a higher one. */
    public void fenceWith(Leadership leadership) {
        this.leadership = leadership;
    }

    /** Counts the master's binary log up to {@code ts} as written, as found at start. */
    public void startedAt(long ts) {
        lastTs.accumulateAndGet(ts, Math::max);
    }

    /**
     * Counts writes up to {@code ts} as acknowledged: those a previous coordinator may have answered as STRONG, which
     * this one knows only from how far the replicas had applied when it started or when each first connected. A
     * failover refuses a new master whose position ends below it.
     */
    public void acknowledgedAtLeast(long ts) {
        acknowledgedTs.accumulateAndGet(ts, Math::max);
    }

    @Override
    public CompletableFuture<WriteOutcome> submit(WriteRequest request) {
        // During a failover the replica set is being rebuilt: the write waits for the hold, and its quorum comes after.
        if (request.consistency() == Consistency.STRONG && !held()) {
            Set<String> reachable = replicas.reachable();
            QuorumRule rule = quorum.get();
            if (!rule.isSatisfiedBy(reachable)) {
                throw CoordinatorException.unavailable("QUORUM_UNAVAILABLE", "A STRONG write needs a quorum ("
                        + rule.describe() + ") but only " + reachable.size() + " replica(s) are reachable " + reachable
                        + "; nothing was written.", null);
            }
        }
        Leadership leader = leadership;
        if (leader != null && !leader.leading()) {
            throw CoordinatorException.unavailable("NOT_LEADER", "This coordinator (" + leader.coordinatorId()
                    + ") does not lead: " + leader.notLeadingBecause() + ". Nothing was written.", null);
        }
        if (!running) {
            throw CoordinatorException.unavailable("SHUTTING_DOWN", "The coordinator is shutting down; nothing was written.", null);
        }
        CompletableFuture<WriteOutcome> result = new CompletableFuture<>();
        try {
            writers.execute(() -> run(request, result));
        } catch (RejectedExecutionException e) {
            throw CoordinatorException.unavailable("OVERLOADED", "The write queue is full (" + settings.queueCapacity()
                    + " writes waiting); nothing was written. Retry later.", null);
        }
        return result;
    }

    private void run(WriteRequest request, CompletableFuture<WriteOutcome> result) {
        long queued = System.nanoTime();
        try {
            awaitRelease(queued);
        } catch (CoordinatorException e) {
            result.completeExceptionally(e);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(CoordinatorException.unavailable("SHUTTING_DOWN",
                    "The coordinator is shutting down; nothing was written.", e));
            return;
        }
        long started = System.nanoTime();
        WriteOutcome committed;
        Lock turn = request.fromMaster() != null ? alone.writeLock() : alone.readLock();
        turn.lock();
        try {
            committed = commitOnMaster(request);
        } catch (CoordinatorException e) {
            result.completeExceptionally(e);
            return;
        } finally {
            turn.unlock();
            statistics.recordBatch(1, System.nanoTime() - started);
            leftMaster();
        }
        lastTs.accumulateAndGet(committed.timestamp(), Math::max);
        lag.committed(committed.timestamp());
        if (request.ddl()) {
            schemaChanged.run();
        }
        if (request.consistency() != Consistency.STRONG) {
            result.complete(committed);
            return;
        }
        Waiter waiter = new Waiter(committed, result);
        synchronized (waiting) {
            waiting.add(waiter);
        }
        checkWaiters();
        if (!result.isDone()) {
            timer.schedule(() -> quorumMissed(waiter), settings.quorumTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Waits while held (failing the write once it waited past the hold's timeout), then counts it as on the master. */
    private void awaitRelease(long queuedNanos) throws InterruptedException {
        synchronized (holdLock) {
            while (held) {
                long waited = System.nanoTime() - queuedNanos;
                if (waited > holdTimeout.toNanos()) {
                    throw CoordinatorException.unavailable("FAILOVER_IN_PROGRESS", "The master is being replaced ("
                            + holdReason + ", " + (System.nanoTime() - heldSinceNanos) / 1_000_000 + " ms ago); the write"
                            + " waited " + waited / 1_000_000 + " ms, longer than " + holdTimeout.toMillis()
                            + " ms, and was not executed. Retry it.", null);
                }
                holdLock.wait(20);
            }
            onMaster++;
        }
    }

    private boolean held() {
        synchronized (holdLock) {
            return held;
        }
    }

    private void leftMaster() {
        synchronized (holdLock) {
            onMaster--;
            holdLock.notifyAll();
        }
    }

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
            while (onMaster > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    held = false;
                    holdLock.notifyAll();
                    throw new IllegalStateException("the writes running on the master did not end within "
                            + patience.toMillis() + " ms");
                }
                TimeUnit.NANOSECONDS.timedWait(holdLock, left);
            }
        }
    }

    /** The writers open connections to the new master by themselves: each checks the topology's epoch before a write. */
    @Override
    public void adoptMaster(long masterLastTs) {
        synchronized (holdLock) {
            if (!held) {
                throw new IllegalStateException("the writer must be held to change its master");
            }
        }
        lastTs.accumulateAndGet(masterLastTs, Math::max);
    }

    @Override
    public void resume() {
        synchronized (holdLock) {
            held = false;
            holdLock.notifyAll();
        }
    }

    /**
     * Runs the write's statements in one transaction (a schema change commits on its own) in three round trips: the
     * term's check with the switch to the client's privileges, the statements, and the switch back with the commit
     * and the GTID it got.
     */
    private WriteOutcome commitOnMaster(WriteRequest request) {
        MasterSession session;
        try {
            session = session();
        } catch (SQLException e) {
            masterConnectionLost.accept(topology.master().id());
            throw CoordinatorException.unavailable("MASTER_UNAVAILABLE", "The master " + topology.master().id()
                    + " cannot be reached (" + e.getMessage() + "); nothing was written.", e);
        }
        Connection connection = session.connection();
        boolean client = request.runsAs() == Privileges.CLIENT;
        boolean committing = false;
        try {
            begin(connection, client, !request.ddl());
            List<LoggedStatement> statements = request.fromMaster() == null ? request.statements()
                    : request.fromMaster().read(connection);
            long[] result = execute(connection, statements);
            committing = true;
            Gtid gtid = commit(session, client);
            return new WriteOutcome(request.txnId(), gtid.sequence(), result[0], result[1], session.masterId(),
                    request.consistency(), List.of(), false, gtid.toString());
        } catch (SQLException e) {
            if (SqlErrors.isConnectionLevel(e)) {
                closeSession();
                masterConnectionLost.accept(session.masterId());
                if (committing) {
                    throw new CoordinatorException(503, "COMMIT_OUTCOME_UNKNOWN", "The master " + session.masterId()
                            + " was lost while it committed the write (" + e.getMessage() + "); it may or may not have"
                            + " committed. Check the data, or retry idempotently.", List.of(), e);
                }
                throw CoordinatorException.unavailable("MASTER_UNAVAILABLE", "The master " + session.masterId()
                        + " was lost before the write committed (" + e.getMessage() + "); nothing was written.", e);
            }
            rollBack(connection);
            throw SqlErrors.statementFailed(e);
        } catch (CoordinatorException e) {
            rollBack(connection);
            throw e;
        }
    }

    /**
     * Reads the leadership row, for a transaction under a shared lock held to its commit, so a new leader's claim
     * waits for it (a schema change commits on its own and can only be checked before it runs); then takes the
     * client's privileges for a client's statements.
     */
    private void begin(Connection connection, boolean client, boolean locking) throws SQLException {
        Leadership leader = leadership;
        String sql = (client ? "" : BY_STATEMENT + "; ") + "SELECT term FROM " + Terms.TABLE + " WHERE id = 1"
                + (locking ? " LOCK IN SHARE MODE" : "") + (client ? "; " + Privileges.CLIENT.activation() : "");
        long held;
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            while (statement.getResultSet() == null) {
                if (!statement.getMoreResults() && statement.getUpdateCount() == -1) {
                    throw new SQLException("the master answered the term's check without the term");
                }
            }
            try (ResultSet rows = statement.getResultSet()) {
                held = rows.next() ? rows.getLong(1) : 0;
            }
            drain(statement);
        }
        if (leader != null && held > leader.term()) {
            leader.confirm();
            throw CoordinatorException.unavailable("NOT_LEADER", "The master " + topology.master().id()
                    + " was claimed in term " + held + ", after this coordinator's term " + leader.term()
                    + "; another coordinator leads. Nothing was written.", null);
        }
    }

    /** @return rows affected over all statements, and the first id the last generating statement produced */
    private static long[] execute(Connection connection, List<LoggedStatement> statements) throws SQLException {
        long rows = 0;
        long lastInsertId = 0;
        for (LoggedStatement statement : statements) {
            try (PreparedStatement prepared = connection.prepareStatement(statement.sql(), Statement.RETURN_GENERATED_KEYS)) {
                List<Object> params = statement.params();
                for (int i = 0; i < params.size(); i++) {
                    prepared.setObject(i + 1, params.get(i));
                }
                prepared.execute();
                rows += Math.max(0, prepared.getUpdateCount());
                try (ResultSet keys = prepared.getGeneratedKeys()) {
                    if (keys.next()) {
                        long id = keys.getLong(1);
                        if (id != 0) {
                            lastInsertId = id;
                        }
                    }
                }
            }
        }
        return new long[] {rows, lastInsertId};
    }

    /**
     * Takes the suite's privileges back, commits, and reads the GTID the commit got. A transaction that changed no row
     * writes nothing to the binary log and gets none: it is placed at the end of the master's binary log, which every
     * row it read was part of.
     */
    private static Gtid commit(MasterSession session, boolean client) throws SQLException {
        try (Statement statement = session.connection().createStatement()) {
            statement.execute((client ? Privileges.SUITE.activation() + "; " : "") + "COMMIT; "
                    + (client ? "" : BY_ROW + "; ") + "SELECT @@SESSION.last_gtid, @@GLOBAL.gtid_binlog_pos");
            while (statement.getResultSet() == null) {
                if (!statement.getMoreResults() && statement.getUpdateCount() == -1) {
                    throw new SQLException("the master answered the commit without the GTID it got");
                }
            }
            try (ResultSet rows = statement.getResultSet()) {
                rows.next();
                String last = rows.getString(1);
                String previous = session.lastGtid()[0];
                session.lastGtid()[0] = last;
                if (last != null && !last.isBlank() && !last.equals(previous)) {
                    return Gtid.parse(last);
                }
                return Gtid.inPosition(rows.getString(2)).orElse(new Gtid(Gtid.DOMAIN, 0, 0));
            }
        }
    }

    /** Reads past the remaining results of a multi-statement query, so the connection is ready for the next. */
    private static void drain(Statement statement) throws SQLException {
        while (statement.getMoreResults() || statement.getUpdateCount() != -1) {
            ResultSet rows = statement.getResultSet();
            if (rows != null) {
                rows.close();
            }
        }
    }

    /** Rolls the transaction back and takes the suite's privileges again, in one round trip. */
    private static void rollBack(Connection connection) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ROLLBACK; " + Privileges.SUITE.activation() + "; " + BY_ROW);
            drain(statement);
        } catch (SQLException e) {
            log.debug("rolling back on the master failed: {}", e.getMessage());
        }
    }

    /** The writer thread's connection to the current master, opened again after a failover or a lost connection. */
    private MasterSession session() throws SQLException {
        MasterSession session = sessions.get();
        InstanceAddress master = topology.master();
        long epoch = topology.epoch();
        if (session != null && session.masterId().equals(master.id()) && session.epoch() == epoch) {
            return session;
        }
        closeSession();
        Connection connection = connector.open(master);
        // Never in autocommit: each write ends with its own COMMIT, which a schema change's implicit one makes a no-op.
        connection.setAutoCommit(false);
        masterConnections.add(connection);
        session = new MasterSession(connection, master.id(), epoch, new String[] {lastGtid(connection)});
        sessions.set(session);
        return session;
    }

    private static String lastGtid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT @@SESSION.last_gtid")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private void closeSession() {
        MasterSession session = sessions.get();
        sessions.remove();
        if (session != null) {
            masterConnections.remove(session.connection());
            try {
                session.connection().close();
            } catch (SQLException e) {
                log.debug("closing a master connection failed: {}", e.getMessage());
            }
        }
    }

    /** Answers every waiting STRONG write whose quorum has applied it; called after each replica's progress. */
    private void checkWaiters() {
        List<Waiter> ready = new ArrayList<>();
        List<List<String>> acks = new ArrayList<>();
        QuorumRule rule = quorum.get();
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                return;
            }
            for (Iterator<Waiter> it = waiting.iterator(); it.hasNext(); ) {
                Waiter waiter = it.next();
                Set<String> applied = replicas.acknowledgedBy(waiter.committed().timestamp());
                if (rule.isSatisfiedBy(applied)) {
                    it.remove();
                    ready.add(waiter);
                    acks.add(applied.stream().sorted().toList());
                }
            }
        }
        for (int i = 0; i < ready.size(); i++) {
            Waiter waiter = ready.get(i);
            WriteOutcome committed = waiter.committed();
            acknowledgedTs.accumulateAndGet(committed.timestamp(), Math::max);
            waiter.result().complete(new WriteOutcome(committed.txnId(), committed.timestamp(), committed.rowsAffected(),
                    committed.lastInsertId(), committed.executedOn(), committed.consistency(), acks.get(i), true,
                    committed.gtid()));
        }
    }

    private void quorumMissed(Waiter waiter) {
        synchronized (waiting) {
            if (!waiting.remove(waiter)) {
                return;
            }
        }
        WriteOutcome committed = waiter.committed();
        List<String> applied = replicas.acknowledgedBy(committed.timestamp()).stream().sorted().toList();
        waiter.result().completeExceptionally(new CoordinatorException(503, "QUORUM_NOT_REACHED", "The write was"
                + " committed on the master as GTID " + committed.gtid() + " (timestamp " + committed.timestamp()
                + ") but only " + applied.size() + " replica(s) " + applied + " applied it within "
                + settings.quorumTimeout().toMillis() + " ms (" + quorum.get().describe() + "); it is not acknowledged"
                + " as STRONG. It stays committed, and the other replicas apply it when they can.", applied,
                committed.timestamp(), null));
    }

    @Override
    public long lastTs() {
        return lastTs.get();
    }

    @Override
    public long acknowledgedTs() {
        return acknowledgedTs.get();
    }

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
        return writers.getQueue().size();
    }

    @Override
    public void onMasterConnectionLost(Consumer<String> listener) {
        this.masterConnectionLost = listener;
    }

    @Override
    public void onSchemaChange(Runnable listener) {
        this.schemaChanged = listener;
    }

    /** Refuses new writes, lets the running ones finish for a few seconds, and fails the STRONG writes still waiting. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        writers.shutdown();
        if (!writers.awaitTermination(5, TimeUnit.SECONDS)) {
            writers.shutdownNow();
        }
        timer.shutdownNow();
        List<Waiter> left;
        synchronized (waiting) {
            left = new ArrayList<>(waiting);
            waiting.clear();
        }
        for (Waiter waiter : left) {
            waiter.result().completeExceptionally(CoordinatorException.unavailable("SHUTTING_DOWN", "The coordinator"
                    + " shut down while the write, committed on the master as GTID " + waiter.committed().gtid()
                    + ", waited for its quorum; it is not acknowledged as STRONG.", null));
        }
    }
}
