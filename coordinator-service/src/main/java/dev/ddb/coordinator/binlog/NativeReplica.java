package dev.ddb.coordinator.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.LongToDoubleFunction;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.leader.Terms;
import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.InstanceConnector;
import dev.ddb.coordinator.replication.ReplicaLink;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * One replica of the binlog mode, on a thread and a connection of its own: keeps the replica's replication threads
 * pointed at the current master ({@link ReplicationSource}) and running, and follows its applied GTID sequence
 * number ({@code @@gtid_slave_pos}) by waiting on the server for the next one ({@code MASTER_GTID_WAIT}), so a STRONG
 * write's quorum learns of each apply within a round trip, with no polling in between.
 *
 * <p>States: {@code LIVE} while both replication threads run; {@code CATCHING_UP} while the SQL thread runs but the
 * I/O thread is (re)connecting to the master; {@code BROKEN} when the SQL thread stopped on an error, which is left
 * for an operator (the replica's data is not what the master's log expects); {@code DISCONNECTED} while the replica
 * itself cannot be reached.
 */
public final class NativeReplica implements ReplicaLink {

    private static final Logger log = LoggerFactory.getLogger(NativeReplica.class);

    /** How long one wait on the replica lasts before the link looks at its replication threads again. */
    private static final Duration WAIT = Duration.ofMillis(250);
    private static final Duration CHECK_EVERY = Duration.ofMillis(500);
    private static final Duration INITIAL_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** ER_MASTER_FATAL_ERROR_READING_BINLOG: among others, a GTID position the master's binary log does not hold. */
    private static final String MASTER_REFUSED_POSITION = "1236";

    private final InstanceAddress replica;
    private final Supplier<InstanceAddress> master;
    private final LongSupplier epoch;
    /** The leading coordinator's term; null: none. */
    private volatile LongSupplier term;
    private final InstanceConnector connector;
    private final ReplicationSource source;
    private final LongConsumer onProgress;
    private final LongToDoubleFunction applyMillis;
    private final LongSupplier lastCommitted;
    private volatile double lastApplyMillis = -1;
    private final Thread thread;

    private volatile boolean running;
    private volatile ApplierState state = ApplierState.DISCONNECTED;
    private volatile long appliedTs;
    private volatile String lastError;
    private volatile boolean broken;
    private volatile boolean divergent;
    private volatile LongConsumer onConnected = ts -> { };
    private volatile Connection connection;

    /**
     * @param connector the coordinator's own connections, kept out of the binary log
     * @param source how replicas log in to the master
     */
    /**
     * @param applyMillis how long ago the master committed a sequence number, which the link reports as the replica's
     *     apply latency when it applied that one (Cabinet ranks the replicas by it); -1 when unknown
     * @param lastCommitted the last sequence number the master committed as far as this coordinator knows
     */
    public NativeReplica(InstanceAddress replica, Supplier<InstanceAddress> master, LongSupplier epoch,
            InstanceConnector connector, ReplicationSource source, LongConsumer onProgress, LongToDoubleFunction applyMillis,
            LongSupplier lastCommitted) {
        this.applyMillis = applyMillis;
        this.lastCommitted = lastCommitted;
        this.replica = replica;
        this.master = master;
        this.epoch = epoch;
        this.connector = connector;
        this.source = source;
        this.onProgress = onProgress;
        this.thread = new Thread(this::run, "gtid-follower-" + replica.id());
        this.thread.setDaemon(true);
    }

    @Override
    public String replicaId() {
        return replica.id();
    }

    @Override
    public synchronized void start() {
        if (running || thread.isAlive()) {
            throw new IllegalStateException("the link to " + replica.id() + " was already started");
        }
        running = true;
        thread.start();
    }

    /** What the link records on the replica (its role and epoch) is refused once another coordinator claimed it. */
    @Override
    public void fenceWith(LongSupplier term) {
        this.term = term;
    }

    @Override
    public long appliedTs() {
        return appliedTs;
    }

    @Override
    public ApplierState state() {
        return state;
    }

    @Override
    public ApplierStatus status() {
        return new ApplierStatus(replica.id(), state, appliedTs, lastError, lastApplyMillis, 0, divergent);
    }

    @Override
    public void onConnected(LongConsumer listener) {
        this.onConnected = listener;
    }

    @Override
    public void requestStop() {
        running = false;
        thread.interrupt();
    }

    @Override
    public void close() {
        requestStop();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis());
            if (thread.isAlive()) {
                Connection current = connection;
                if (current != null) {
                    current.abort(Runnable::run);
                }
                thread.join(CLOSE_TIMEOUT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SQLException e) {
            log.debug("aborting the connection to {} failed: {}", replica.id(), e.getMessage());
        }
    }

    private void run() {
        Duration backoff = INITIAL_BACKOFF;
        while (running) {
            try (Connection opened = connector.open(replica)) {
                connection = opened;
                follow(opened);
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                state = ApplierState.DISCONNECTED;
                lastError = e.getMessage();
                log.warn("{}: {}; retrying in {} ms", replica.id(), e.getMessage(), backoff.toMillis());
                try {
                    Thread.sleep(backoff.toMillis());
                } catch (InterruptedException interrupted) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                continue;
            } finally {
                connection = null;
            }
            backoff = INITIAL_BACKOFF;
        }
    }

    /** Until the link stops or the connection fails: checks the threads now and then, and waits for applies between. */
    private void follow(Connection replicaConnection) throws SQLException {
        try (Statement statement = replicaConnection.createStatement()) {
            recordRole(statement);
            publish(readApplied(statement));
            check(statement);
            onConnected.accept(appliedTs);
            log.info("{} follows {} by GTID, applied up to {}", replica.id(), master.get().id(), appliedTs);
            long nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
            while (running) {
                if (System.nanoTime() >= nextCheck) {
                    check(statement);
                    nextCheck = System.nanoTime() + CHECK_EVERY.toNanos();
                }
                publish(awaitNext(statement));
            }
        }
    }

    /** Points the replica at the master if it follows another one or none, and restarts threads that stopped cleanly. */
    private void check(Statement statement) throws SQLException {
        InstanceAddress current = master.get();
        ReplicationSource.Status status = ReplicationSource.Status.read(statement);
        if (!status.follows(current)) {
            source.pointAt(statement, current);
            log.info("{} now replicates from {} by GTID (slave_pos {})", replica.id(), current.id(), appliedTs);
            status = ReplicationSource.Status.read(statement);
        } else if (!status.sqlRunning() && status.sqlError().isEmpty() || !status.ioRunning() && status.ioError().isEmpty()
                && !status.ioConnecting()) {
            statement.execute("START SLAVE");
            status = ReplicationSource.Status.read(statement);
        }
        if (status.sqlError().isPresent()) {
            if (!broken) {
                log.error("{} stopped applying the master's binary log: {}", replica.id(), status.sqlError().get());
            }
            broken = true;
            lastError = "the replica's SQL thread stopped: " + status.sqlError().get();
            state = ApplierState.BROKEN;
            return;
        }
        if (status.ioError().filter(error -> error.startsWith(MASTER_REFUSED_POSITION + " ")).isPresent()) {
            if (!divergent) {
                log.error("{} holds transactions the master {} lacks; it stays out of replication: {}", replica.id(),
                        current.id(), status.ioError().get());
            }
            divergent = true;
            lastError = "the master refused the replica's GTID position, which it does not hold: the replica has"
                    + " transactions the master lacks (" + status.ioError().get() + "); POST /admin/rejoin/"
                    + replica.id() + " with {\"discard_divergent\": true} re-seeds it from the master";
            state = ApplierState.BROKEN;
            return;
        }
        broken = false;
        divergent = false;
        if (status.ioRunning()) {
            state = ApplierState.LIVE;
            lastError = null;
        } else {
            state = ApplierState.CATCHING_UP;
            lastError = status.ioError().map(error -> "the replica's I/O thread: " + error).orElse(null);
        }
    }

    /**
     * Records on the replica that it is one in the master's epoch, as the log's appliers do with every batch: a
     * coordinator that starts while the master is out of reach reads the epoch from the replicas.
     */
    private void recordRole(Statement statement) throws SQLException {
        LongSupplier fence = term;
        long held = fence == null ? Long.MAX_VALUE : fence.getAsLong();
        int updated = statement.executeUpdate("UPDATE ddb_meta.state SET role = 'replica', epoch = GREATEST(epoch, "
                + epoch.getAsLong() + ") WHERE id = 1 AND " + Terms.FENCE.replace("?", Long.toString(held)));
        if (updated != 1) {
            throw new SQLException(replica.id() + " was claimed by a coordinator in a term above " + held
                    + "; this one no longer leads and points no replica anywhere");
        }
    }

    /**
     * Waits on the replica, up to {@link #WAIT}, for the last transaction the master committed (at least the one after
     * the applied one); returns the applied position. Under load one wait covers every transaction committed
     * meanwhile, instead of a wake-up for each: the replica applies them in order, so the earlier ones' writers wait
     * at most for the later ones' apply.
     */
    private long awaitNext(Statement statement) throws SQLException {
        long target = Math.max(appliedTs + 1, lastCommitted.getAsLong());
        statement.execute("SELECT MASTER_GTID_WAIT('" + Gtid.waitPosition(target) + "', "
                + WAIT.toMillis() / 1000.0 + "); SELECT @@GLOBAL.gtid_slave_pos");
        statement.getResultSet().close();
        if (!statement.getMoreResults()) {
            throw new SQLException("the replica answered the wait without its position");
        }
        try (ResultSet rows = statement.getResultSet()) {
            rows.next();
            return Gtid.sequenceIn(rows.getString(1));
        }
    }

    private static long readApplied(Statement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery("SELECT @@GLOBAL.gtid_slave_pos")) {
            rows.next();
            return Gtid.sequenceIn(rows.getString(1));
        }
    }

    private void publish(long applied) {
        if (applied != appliedTs) {
            appliedTs = applied;
            double millis = applyMillis.applyAsDouble(applied);
            if (millis >= 0) {
                lastApplyMillis = millis;
            }
            onProgress.accept(applied);
        }
    }
}
