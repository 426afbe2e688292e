package dev.ddb.coordinator.sequencer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.mysql.cluster.Privileges;

/**
 * A checked write waiting to be sequenced: one statement, or a {@code queries} list that commits
 * as one unit with one timestamp.
 *
 * @param statements deterministic SQL with its parameters; {@code insertId} is still 0 here
 * @param ddl a schema change, which runs alone, outside any batch
 * @param runsAs the privileges the statements run with, on the master and on replay: a client's statements run
 *     with the client's, whatever the classifier let through; the suite's own with the suite's
 * @param fromMaster when not null, the write's statements are not known until its turn: the sequencer reads them
 *     from the master once every earlier write has committed there and before any later one runs ({@code statements}
 *     is then empty). A repair copies the master's rows this way, at a known point of the sequence.
 */
public record WriteRequest(String txnId, List<LoggedStatement> statements, Set<String> tables,
        Consistency consistency, boolean ddl, Privileges runsAs, StatementsFromMaster fromMaster) {

    /** Reads a write's statements on the master's connection, at the write's place in the sequence. */
    @FunctionalInterface
    public interface StatementsFromMaster {
        List<LoggedStatement> read(Connection master) throws SQLException;
    }

    public WriteRequest {
        Objects.requireNonNull(runsAs, "runsAs");
        statements = List.copyOf(statements);
        tables = Set.copyOf(tables);
        if (fromMaster != null && (ddl || !statements.isEmpty())) {
            throw new IllegalArgumentException("a write read from the master is DML and has no statements of its own");
        }
    }

    public WriteRequest(String txnId, List<LoggedStatement> statements, Set<String> tables, Consistency consistency,
            boolean ddl, Privileges runsAs) {
        this(txnId, statements, tables, consistency, ddl, runsAs, null);
    }

    /** A write of the suite's whose statements {@code fromMaster} reads on the master at its turn. */
    public static WriteRequest fromMaster(String txnId, Set<String> tables, Consistency consistency,
            StatementsFromMaster fromMaster) {
        return new WriteRequest(txnId, List.of(), tables, consistency, false, Privileges.SUITE, fromMaster);
    }

    /** Whether the write runs in a batch of its own, after every earlier batch has committed on the master. */
    boolean runsAlone() {
        return ddl || fromMaster != null;
    }

    /** The same write with the statements read from the master. */
    WriteRequest withStatements(List<LoggedStatement> read) {
        return new WriteRequest(txnId, read, tables, consistency, false, runsAs, null);
    }
}
