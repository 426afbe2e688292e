package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.mysql.cluster.InstanceAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A replica's reader of the master's log: committed entries after a timestamp, in chunks, on an
 * autocommit connection of its own, so it blocks no writer. It follows the master when it moves,
 * and holds its connection only while the replica is catching up.
 *
 * <p>Reading "the next entries above {@code applied_ts}" is complete only because the master
 * commits its batches in ts order: an entry that became visible after a later one had been read
 * would be skipped for good. The sequencer keeps that order: every batch updates the master's state
 * row, so a batch cannot commit before the one ahead of it has.
 */
final class CatchUp implements AutoCloseable {

    private final String replicaId;
    private final Supplier<InstanceAddress> master;
    private final InstanceConnector connector;
    private final ReplicationLog log;
    private volatile Connection connection;
    private InstanceAddress connectedTo;

    CatchUp(String replicaId, Supplier<InstanceAddress> master, InstanceConnector connector, ReplicationLog log) {
        this.replicaId = replicaId;
        this.master = master;
        this.connector = connector;
        this.log = log;
    }

    /**
     * The next committed entries after {@code afterTs}, at most {@code limit}.
     *
     * @throws MasterUnreachableException if the master's log cannot be read
     * @throws ApplierBrokenException if the master is this replica
     */
    List<LogEntry> readAfter(long afterTs, int limit) {
        return onMastersLog((connection, current) -> log.readAfter(connection, afterTs, limit));
    }

    /**
     * The master's entry at {@code ts}, if its log holds one.
     *
     * @throws MasterUnreachableException if the master's log cannot be read
     * @throws ApplierBrokenException if the master is this replica
     */
    Optional<LogEntry> entryAt(long ts) {
        return onMastersLog((connection, current) -> log.read(connection, ts));
    }

    /** The id of the master reads go to now. */
    String masterId() {
        InstanceAddress current = master.get();
        return current == null ? "(none)" : current.id();
    }

    @FunctionalInterface
    private interface MasterRead<T> {
        T read(Connection connection, InstanceAddress master) throws SQLException;
    }

    private <T> T onMastersLog(MasterRead<T> read) {
        InstanceAddress current;
        try {
            current = Objects.requireNonNull(master.get(), "no master is known");
        } catch (RuntimeException e) {
            close();
            throw new MasterUnreachableException("no master to catch up from: " + e.getMessage(), e);
        }
        if (current.id().equals(replicaId)) {
            throw new ApplierBrokenException(replicaId + " is the master now; it has no master to catch up from");
        }
        try {
            if (connection == null || !current.equals(connectedTo)) {
                close();
                connection = connector.open(current);
                connectedTo = current;
            }
            return read.read(connection, current);
        } catch (SQLException e) {
            close();
            throw new MasterUnreachableException("cannot read the log of master " + current.id() + ": " + e.getMessage(), e);
        }
    }

    void abort(Executor executor) {
        Connection open = connection;
        if (open != null) {
            try {
                open.abort(executor);
            } catch (SQLException e) {
                // The connection is being discarded; there is nothing left to release.
            }
        }
    }

    @Override
    public void close() {
        Connection open = connection;
        connection = null;
        connectedTo = null;
        if (open != null) {
            try {
                open.close();
            } catch (SQLException e) {
                // A connection that failed has nothing left to release.
            }
        }
    }

    /** The master's log could not be read; the replica is fine and the read is retried after a backoff. */
    static final class MasterUnreachableException extends RuntimeException {

        MasterUnreachableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
