package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.MetaTables;
import dev.ddb.coordinator.log.LogCodec;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.mysql.cluster.InstanceAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.concurrent.Executor;

/**
 * One connection to a replica and what it has applied. Each {@link #apply} commits entries
 * together with their log rows and the new {@code applied_ts} (DDL aside, see {@link SchemaChange}),
 * so the replica holds an entry's effects if and only if {@code applied_ts} covers it.
 */
final class ReplicaSession implements AutoCloseable {

    private static final int PING_TIMEOUT_SECONDS = 1;

    private final InstanceAddress replica;
    private final Connection connection;
    private final ReplicationLog log;
    private final InsertTables tables;
    private final InsertMerging merging;
    private long appliedTs;
    /** The leading coordinator's term, which every transaction here carries; null: none (a catch-up outside leadership). */
    private final LongSupplier term;

    private ReplicaSession(InstanceAddress replica, Connection connection, ReplicationLog log, long appliedTs,
            LongSupplier term, InsertTables tables) {
        this.replica = replica;
        this.term = term;
        this.connection = connection;
        this.log = log;
        this.tables = tables;
        this.merging = new InsertMerging(tables.on(connection));
        this.appliedTs = appliedTs;
    }

    /** Connects and reads {@code applied_ts}; its transactions carry no leadership term. */
    static ReplicaSession open(InstanceAddress replica, InstanceConnector connector, ReplicationLog log) throws SQLException {
        return open(replica, connector, log, null);
    }

    /**
     * Connects and reads {@code applied_ts}.
     *
     * @param term the leading coordinator's term: the replica refuses a transaction once it was claimed in a higher one
     */
    static ReplicaSession open(InstanceAddress replica, InstanceConnector connector, ReplicationLog log, LongSupplier term)
            throws SQLException {
        return open(replica, connector, log, term, new InsertTables());
    }

    /**
     * As {@link #open(InstanceAddress, InstanceConnector, ReplicationLog, LongSupplier)}, with what is known of the
     * replica's tables from its earlier sessions ({@link InsertTables} is forgotten on every schema change it applies).
     */
    static ReplicaSession open(InstanceAddress replica, InstanceConnector connector, ReplicationLog log, LongSupplier term,
            InsertTables tables) throws SQLException {
        Connection connection = connector.open(replica);
        try {
            MetaTables.ensure(connection);
            connection.setAutoCommit(false);
            InstanceState state = InstanceState.read(connection);
            connection.commit();
            if (state.role() != InstanceRole.REPLICA) {
                throw new ApplierBrokenException(replica.id() + " is a " + state.role().column() + " in epoch " + state.epoch()
                        + "; an applier writes only to replicas");
            }
            // A fenced old master keeps read_only=ON, which refuses the log's client statements (they run without the
            // suite's role). As a replica, the epoch in its state row keeps an older master's batches out.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET GLOBAL read_only = OFF");
            }
            return new ReplicaSession(replica, connection, log, state.appliedTs(), term, tables);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            throw e;
        }
    }

    long appliedTs() {
        return appliedTs;
    }

    /** The replica's own log entry at {@code ts}, if it holds one. */
    Optional<LogEntry> entryAt(long ts) throws SQLException {
        try {
            return log.read(connection, ts);
        } finally {
            connection.rollback();
        }
    }

    /** The {@code applied_ts} the replica holds now, which moves only if another writer applied entries. */
    long readAppliedTs() throws SQLException {
        try {
            return InstanceState.read(connection).appliedTs();
        } finally {
            connection.rollback();
        }
    }

    /** @throws SQLNonTransientConnectionException if the replica does not answer within a second */
    void ping() throws SQLException {
        if (!connection.isValid(PING_TIMEOUT_SECONDS)) {
            throw new SQLNonTransientConnectionException(replica.id() + " did not answer a ping");
        }
    }

    /**
     * Finishes a DDL entry a crash left between its steps: a log row above {@code applied_ts}.
     *
     * @throws ApplierBrokenException if the rows above {@code applied_ts} are not one DDL entry
     */
    void resolveInDoubtSchemaChange() throws SQLException {
        List<LogEntry> above = log.readAfter(connection, appliedTs, 2);
        connection.commit();
        if (above.isEmpty()) {
            return;
        }
        LogEntry entry = above.get(0);
        if (above.size() > 1 || !SchemaChange.isSchemaChange(entry) || !entry.checksumValid()) {
            throw new ApplierBrokenException(replica.id() + "'s log holds ts=" + entry.ts() + " above its applied_ts="
                    + appliedTs + ", which only an interrupted DDL entry may leave");
        }
        tables.forget();
        try {
            EntryReplayer.replay(connection, List.of(entry));
        } catch (SQLException e) {
            if (ConnectionFailure.isConnectionLoss(e) || !SchemaChange.alreadyApplied(e)) {
                throw e;
            }
        }
        advance(entry.ts(), entry.epoch());
    }

    /**
     * Applies entries that directly follow {@code applied_ts}, in order, checksums already verified:
     * consecutive DML entries in one transaction, each DDL entry on its own. For entries read from the
     * master's log; they are rendered on this connection.
     */
    void apply(List<LogEntry> entries) throws SQLException {
        applyRendered(RenderedEntry.renderAll(connection, log, entries, log.rows(entries)));
    }

    /**
     * As {@link #apply}, for the entries of a run of shipped batches above {@code applied_ts}, which must
     * directly follow it: their text comes from the batches, rendered once for every replica whose connection
     * renders alike.
     */
    void applyShipped(List<SharedBatch> run) throws SQLException {
        List<RenderedEntry> above = new ArrayList<>();
        for (SharedBatch shared : run) {
            if (shared.batch().lastTs() > appliedTs) {
                for (RenderedEntry rendered : shared.renderedFor(connection)) {
                    if (rendered.entry().ts() > appliedTs) {
                        above.add(rendered);
                    }
                }
            }
        }
        applyRendered(above);
    }

    private void applyRendered(List<RenderedEntry> entries) throws SQLException {
        List<RenderedEntry> run = new ArrayList<>();
        for (RenderedEntry rendered : entries) {
            if (SchemaChange.isSchemaChange(rendered.entry())) {
                applyInOneTransaction(run);
                run.clear();
                applySchemaChange(rendered.entry());
            } else {
                run.add(rendered);
            }
        }
        applyInOneTransaction(run);
    }

    private void applyInOneTransaction(List<RenderedEntry> run) throws SQLException {
        if (run.isEmpty()) {
            return;
        }
        List<LogEntry> entries = new ArrayList<>(run.size());
        List<List<String>> statements = new ArrayList<>(run.size());
        List<LogCodec.Row> rows = new ArrayList<>(run.size());
        List<String> rowInserts = new ArrayList<>(run.size());
        for (RenderedEntry rendered : run) {
            entries.add(rendered.entry());
            statements.add(rendered.statements());
            rows.add(rendered.logRow());
            rowInserts.add(rendered.logRowInsert());
        }
        LogEntry last = entries.get(entries.size() - 1);
        long epoch = entries.stream().mapToLong(LogEntry::epoch).max().orElseThrow();
        try {
            // One round trip: the statements, their log rows and the new applied_ts, then the commit.
            StatementScript script = EntryReplayer.replayScript(entries, statements, merging);
            for (String insert : log.insertTexts(rows, rowInserts)) {
                script.add(insert);
            }
            int advanced = script.add(connection, term == null
                    ? InstanceState.advanceFromStatement(appliedTs, last.ts(), epoch)
                    : InstanceState.advanceFromStatement(appliedTs, last.ts(), epoch, term.getAsLong()));
            if (EntryReplayer.run(connection, script).get(advanced).updateCount() != 1) {
                throw appliedTsMoved();
            }
            connection.commit();
            appliedTs = last.ts();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        }
    }

    private void applySchemaChange(LogEntry entry) throws SQLException {
        try {
            log.append(connection, List.of(entry));
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(e);
            throw e;
        }
        tables.forget();
        try {
            EntryReplayer.replay(connection, List.of(entry));
        } catch (SQLException | RuntimeException e) {
            if (!ConnectionFailure.isConnectionLoss(e)) {
                removeInDoubtMarker(entry, e);
            }
            throw e;
        }
        advance(entry.ts(), entry.epoch());
    }

    /** Commits {@code applied_ts = ts}; a refused compare-and-set means another writer moved it. */
    private void advance(long ts, long epoch) throws SQLException {
        boolean advanced = term == null ? InstanceState.advanceFrom(connection, appliedTs, ts, epoch)
                : InstanceState.advanceFrom(connection, appliedTs, ts, epoch, term.getAsLong());
        if (!advanced) {
            connection.rollback();
            throw appliedTsMoved();
        }
        connection.commit();
        appliedTs = ts;
    }

    private AppliedTsMovedException appliedTsMoved() {
        return new AppliedTsMovedException(replica.id() + "'s applied_ts is no longer " + appliedTs
                + " (or it was promoted, or claimed by a coordinator in a higher term); another writer applied entries");
    }

    /** A DDL that failed outright did not happen: its marker must not make it look in doubt later. */
    private void removeInDoubtMarker(LogEntry entry, Exception failure) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM ddb_meta.log WHERE ts = ?")) {
            delete.setLong(1, entry.ts());
            delete.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private void rollbackQuietly(Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Closes the socket from another thread, without waiting for a statement in progress. */
    void abort(Executor executor) {
        try {
            connection.abort(executor);
        } catch (SQLException e) {
            // The connection is being discarded; there is nothing left to release.
        }
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // A lost connection has nothing to roll back; the server already did.
        }
        closeQuietly(connection, null);
    }

    private static void closeQuietly(Connection connection, Exception failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /** Raised when {@code applied_ts} moved under the session: reconnect and re-read it. */
    static final class AppliedTsMovedException extends RuntimeException {

        AppliedTsMovedException(String message) {
            super(message);
        }
    }
}
