package dev.ddb.coordinator.admin;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import javax.sql.DataSource;

import dev.ddb.coordinator.api.TransactionIds;
import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.replication.Acknowledgements;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.sequencer.WriteOutcome;
import dev.ddb.coordinator.sequencer.WriteRequest;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.mysql.cluster.Privileges;

/**
 * Empties every base table of the user database on every instance by writing it: one STRONG write of a
 * {@code DELETE FROM} per table, sequenced, logged and replicated like any client's, so every instance applies it
 * at the same place in the order and the log stays whole. DELETE rather than TRUNCATE because DELETE is DML:
 * it is one transaction with the log entry, while TRUNCATE commits on its own and would need the schema-change
 * path, one statement at a time. Nothing is reset: not the timestamps (they never go backwards; replicas,
 * catch-up and {@code min_timestamp} reads rely on that) and not AUTO_INCREMENT counters.
 */
public final class ClearData {

    private final Topology topology;
    private final Function<String, DataSource> pools;
    private final WritePath sequencer;
    private final String database;
    private final Duration writeTimeout;

    public ClearData(Topology topology, Function<String, DataSource> pools, WritePath sequencer, String database,
            Duration writeTimeout) {
        this.topology = topology;
        this.pools = pools;
        this.sequencer = sequencer;
        this.database = database;
        this.writeTimeout = writeTimeout;
    }

    public ClearDataResult clear() {
        List<String> tables = tablesOnTheMaster();
        if (tables.isEmpty()) {
            return new ClearDataResult(true, "The database " + database + " has no tables; nothing was written.",
                    List.of(), null, null, null, null);
        }
        List<LoggedStatement> deletes = new ArrayList<>();
        Set<String> touched = new LinkedHashSet<>();
        for (String table : tables) {
            deletes.add(new LoggedStatement("DELETE FROM " + quoted(database) + "." + quoted(table), List.of(), 0));
            touched.add(database + "." + table);
        }
        String txnId = TransactionIds.next();
        WriteOutcome outcome;
        try {
            outcome = await(sequencer.submit(new WriteRequest(txnId, deletes, touched, Consistency.STRONG, false,
                    Privileges.SUITE)));
        } catch (CoordinatorException e) {
            if (!e.code().equals("QUORUM_NOT_REACHED") || e.timestamp().isEmpty()) {
                throw e;
            }
            return awaitSlowReplicas(e, e.timestamp().get(), txnId, tables);
        }
        return new ClearDataResult(true, "Deleted " + outcome.rowsAffected() + " row(s) from " + tables.size()
                + " table(s) of " + database + " with the log entry at timestamp " + outcome.timestamp()
                + ", which every instance applies (so far " + String.join(", ", outcome.acknowledgedBy())
                + " besides the master). Timestamps and AUTO_INCREMENT counters were not reset: timestamps never go backwards.",
                tables, outcome.timestamp(), outcome.rowsAffected(), outcome.txnId(), outcome.acknowledgedBy());
    }

    /**
     * The master committed the deletes but the replicas did not apply them within the quorum timeout, as happens
     * when the tables were large: an operator's one-off request may wait longer, up to the write timeout, for them.
     */
    private ClearDataResult awaitSlowReplicas(CoordinatorException quorumMissed, long ts, String txnId, List<String> tables) {
        Acknowledgements acks;
        try {
            acks = sequencer.awaitQuorum(ts, writeTimeout);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw quorumMissed;
        }
        List<String> acknowledgedBy = acks.acknowledgedBy().stream().sorted().toList();
        if (!acks.quorumReached()) {
            throw new CoordinatorException(503, "QUORUM_NOT_REACHED", "The deletes were committed on the master with"
                    + " timestamp " + ts + " but only " + acknowledgedBy.size() + " replica(s) " + acknowledgedBy
                    + " applied them within the quorum timeout and a further " + writeTimeout.toSeconds()
                    + " s; the other replicas will catch up.", acknowledgedBy, ts, null);
        }
        return new ClearDataResult(true, "Deleted every row of " + tables.size() + " table(s) of " + database
                + " with the log entry at timestamp " + ts + "; it took the replicas longer than the quorum timeout"
                + " (so far " + String.join(", ", acknowledgedBy) + " besides the master). Timestamps and AUTO_INCREMENT"
                + " counters were not reset: timestamps never go backwards.", tables, ts, null, txnId, acknowledgedBy);
    }

    private List<String> tablesOnTheMaster() {
        String masterId = topology.master().id();
        try (Connection connection = pools.apply(masterId).getConnection()) {
            return UserTables.inDeletionOrder(connection, database);
        } catch (SQLException e) {
            throw CoordinatorException.unavailable("MASTER_UNAVAILABLE", "Could not list the tables of " + database
                    + " on the master " + masterId + " (" + e.getMessage() + "); nothing was deleted.", e);
        }
    }

    private WriteOutcome await(CompletableFuture<WriteOutcome> pending) {
        try {
            return pending.get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CoordinatorException coordinatorException) {
                throw coordinatorException;
            }
            throw new IllegalStateException("clearing the data failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw CoordinatorException.unavailable("WRITE_TIMEOUT", "Clearing the data had no outcome within "
                    + writeTimeout.toMillis() + " ms; it may still commit. Check /table-timestamps before retrying.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CoordinatorException.unavailable("INTERRUPTED", "The coordinator was interrupted while clearing the data.", e);
        }
    }

    private static String quoted(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
