package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.BoundSql;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.SessionTimestamp;
import dev.ddb.mysql.cluster.Privileges;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs log entries on a connection, inside the caller's transaction and as one {@link StatementScript}
 * (one round trip for a whole batch), so that every instance
 * computes what the master computed: each entry under its {@code SET TIMESTAMP}, each statement
 * under its {@code SET INSERT_ID}, parameters bound in order as the master bound them, with the privileges the
 * entry says ({@link LogEntry#runsAs}): a client's statements with the client's, in the same round trip.
 *
 * <p>A session of the suite's account has the suite's privileges between scripts: a script switches to an entry's
 * privileges before its statements and back to the suite's after them, and a script that fails part way gets the
 * suite's back with the rest of its session ({@link #run}).
 *
 * <p>A forced {@code INSERT_ID} outlives every statement that does not generate an AUTO_INCREMENT
 * value (a SELECT, an UPDATE, an INSERT with explicit ids) and only {@code SET INSERT_ID = 0}
 * clears it, so the replayer sets it before every statement that follows one that forced it, and
 * leaves the session with {@code TIMESTAMP} at its default and no forced insert id.
 *
 * <p>Before a statement with {@code ON DUPLICATE KEY UPDATE}, the master and the replay both run
 * {@code DO LAST_INSERT_ID(0)}: afterwards {@code LAST_INSERT_ID()} is the first id the upsert
 * generated and inserted, or 0, on every instance alike (see {@link #execute}).
 */
public final class EntryReplayer {

    private static final Pattern UPSERT = Pattern.compile("ON\\s+DUPLICATE\\s+KEY\\s+UPDATE", Pattern.CASE_INSENSITIVE);
    private static final String RESET_LAST_INSERT_ID = "DO LAST_INSERT_ID(0)";
    private static final String RESET_SESSION = "SET TIMESTAMP = DEFAULT, INSERT_ID = 0";
    private static final String SUITE_PRIVILEGES = Privileges.SUITE.activation();

    private EntryReplayer() {
    }

    /**
     * What one statement did on the master.
     *
     * @param rowsAffected the update count Connector/J reports (matched rows for UPDATE; 2 per row
     *     an INSERT ... ON DUPLICATE KEY UPDATE changed)
     * @param insertId the value to log for {@code SET INSERT_ID}, as {@link #execute} derives it
     */
    public record Execution(long rowsAffected, long insertId) {
    }

    /**
     * Binds and runs one statement, the master's way, and finds the insert id to log: the first
     * AUTO_INCREMENT value the statement generated and inserted, or 0.
     *
     * <p>Connector/J's {@code getGeneratedKeys()} comes from the server's OK packet. Checked on
     * MariaDB 10.11 with Connector/J 9.7: for a multi-row INSERT its first key is the first
     * generated id (the driver invents the rest as id + n × auto_increment_increment); with explicit
     * and generated ids mixed, the first generated one; for an INSERT with explicit ids only, the
     * last row's explicit id although nothing was generated; for UPDATE and DELETE, 0; for
     * {@code UPDATE ... LAST_INSERT_ID(expr)}, expr. A forced id that nothing generates stays
     * unused, so those values replay harmlessly. Not so for an upsert that only updated: the server
     * reports the updated row's id, and forcing it on replay makes a multi-row upsert collide on the
     * primary key and update the wrong row. So an upsert runs after {@code LAST_INSERT_ID(0)} and
     * keeps the reported id only if {@code LAST_INSERT_ID()} equals it afterwards (two extra
     * statements in the same round trip, for upserts only).
     */
    public static Execution execute(Connection connection, String sql, List<Object> params) throws SQLException {
        StatementScript script = new StatementScript();
        Planned planned = plan(script, connection, sql, params);
        return executionOf(planned, script.run(connection));
    }

    /** Where one statement's answers will be among a script's results. */
    public record Planned(int statement, int lastInsertIdCheck) {
    }

    /**
     * Adds one statement to a script the master's way ({@link #execute} explains the upsert check);
     * {@link #executionOf} reads what it did once the script has run.
     */
    public static Planned plan(StatementScript script, Connection connection, String sql, List<Object> params)
            throws SQLException {
        boolean upsert = isUpsert(sql);
        if (upsert) {
            script.add(RESET_LAST_INSERT_ID);
        }
        int statement = script.addKeyed(connection, sql, params);
        int check = upsert ? script.addValueQuery("SELECT LAST_INSERT_ID()") : -1;
        return new Planned(statement, check);
    }

    /** What a planned statement did, from the results of the script it was added to. */
    public static Execution executionOf(Planned planned, List<StatementScript.Result> results) {
        StatementScript.Result result = results.get(planned.statement());
        long insertId = result.generatedKey();
        if (planned.lastInsertIdCheck() >= 0 && insertId != 0 && insertId != results.get(planned.lastInsertIdCheck()).value()) {
            insertId = 0;
        }
        return new Execution(Math.max(0, result.updateCount()), insertId);
    }

    /** Fixes {@code NOW()} and {@code CURRENT_TIMESTAMP} for the session, as the master does before a write. */
    public static void setSessionTimestamp(Connection connection, String sessionTimestamp) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TIMESTAMP = " + SessionTimestamp.requireValid(sessionTimestamp));
        }
    }

    /** Gives the session back its clock and the suite's privileges, and drops any forced insert id. */
    public static void resetSession(Connection connection) throws SQLException {
        StatementScript reset = new StatementScript();
        reset.add(SUITE_PRIVILEGES);
        reset.add(RESET_SESSION);
        reset.run(connection);
    }

    /**
     * Runs a write's statements one by one ({@link #execute}) with {@code privileges}, and gives the session the
     * suite's back after them. A failed statement leaves the session with {@code privileges}: the caller gets the
     * suite's back before it runs its own statements, or drops the connection.
     */
    public static List<Execution> executeAs(Connection connection, Privileges privileges,
            List<LoggedStatement> statements) throws SQLException {
        List<Execution> executions = new ArrayList<>(statements.size());
        boolean switched = privileges != Privileges.SUITE;
        if (switched) {
            activate(connection, privileges);
        }
        for (LoggedStatement statement : statements) {
            executions.add(execute(connection, statement.sql(), statement.params()));
        }
        if (switched) {
            activate(connection, Privileges.SUITE);
        }
        return executions;
    }

    /** Gives the session these privileges. */
    public static void activate(Connection connection, Privileges privileges) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(privileges.activation());
        }
    }

    /**
     * Runs the entries' statements in order; leaves the session reset even when a statement fails.
     *
     * @throws IllegalArgumentException if an entry's session timestamp is malformed
     */
    public static void replay(Connection connection, List<LogEntry> entries) throws SQLException {
        run(connection, replayScript(connection, entries));
    }

    /**
     * The script {@link #replay} runs, for a caller that adds its own statements after it (they run
     * with the session already reset); run it with {@link #run}.
     *
     * @throws IllegalArgumentException if an entry's session timestamp is malformed
     */
    public static StatementScript replayScript(Connection connection, List<LogEntry> entries) throws SQLException {
        List<List<String>> statements = new ArrayList<>(entries.size());
        for (LogEntry entry : entries) {
            statements.add(renderStatements(connection, entry));
        }
        return replayScript(entries, statements, InsertMerging.NONE);
    }

    /** The entry's statements with their parameters bound, as the connection renders them into a script. */
    static List<String> renderStatements(Connection connection, LogEntry entry) throws SQLException {
        List<String> rendered = new ArrayList<>(entry.statements().size());
        for (LoggedStatement logged : entry.statements()) {
            rendered.add(StatementScript.render(connection, logged.sql(), logged.params()));
        }
        return rendered;
    }

    /**
     * The script {@link #replay} runs, from statements already rendered ({@code statements.get(i)} holds
     * {@link #renderStatements} of {@code entries.get(i)}), for a caller that rendered them once for several replicas.
     * Runs of single-row INSERTs that {@code merging} accepts become one INSERT each ({@link InsertMerging}).
     *
     * @throws IllegalArgumentException if an entry's session timestamp is malformed
     */
    static StatementScript replayScript(List<LogEntry> entries, List<List<String>> statements, InsertMerging merging)
            throws SQLException {
        List<Replayed> replayed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            for (int j = 0; j < entry.statements().size(); j++) {
                replayed.add(new Replayed(entry.sessionTimestamp(), entry.runsAs(), entry.statements().get(j),
                        statements.get(i).get(j)));
            }
        }
        StatementScript script = new StatementScript();
        boolean insertIdForced = false;
        String sessionTimestamp = null;
        // Unknown at first, so the first entry's privileges are set even on a session that lost the suite's.
        Privileges privileges = null;
        int next = 0;
        while (next < replayed.size()) {
            Replayed first = replayed.get(next);
            Merged merged = merge(replayed, next, merging);
            if (first.runsAs() != privileges) {
                script.add(first.runsAs().activation());
                privileges = first.runsAs();
            }
            StringBuilder set = new StringBuilder();
            // Entries of one master batch share their timestamp: set it only when it changes.
            if (!first.sessionTimestamp().equals(sessionTimestamp)) {
                set.append("TIMESTAMP = ").append(SessionTimestamp.requireValid(first.sessionTimestamp()));
                sessionTimestamp = first.sessionTimestamp();
            }
            long insertId = first.statement().insertId();
            if (insertId != 0 || insertIdForced) {
                set.append(set.isEmpty() ? "" : ", ").append("INSERT_ID = ").append(insertId);
            }
            insertIdForced = replayed.get(next + merged.statements() - 1).statement().insertId() != 0;
            if (!set.isEmpty()) {
                script.add("SET " + set);
            }
            if (isUpsert(first.statement().sql())) {
                script.add(RESET_LAST_INSERT_ID);
            }
            script.add(merged.text());
            next += merged.statements();
        }
        if (privileges == Privileges.CLIENT) {
            script.add(SUITE_PRIVILEGES);
        }
        script.add(RESET_SESSION);
        return script;
    }

    /** One statement of a replay: what it ran under on the master, and its text as this replica sends it. */
    private record Replayed(String sessionTimestamp, Privileges runsAs, LoggedStatement statement, String rendered) {
    }

    /** The text that replays {@code statements} statements from a position on. */
    private record Merged(String text, int statements) {
    }

    /**
     * The statement at {@code from} with the ones after it that may join it in one INSERT: the same text under the
     * same session timestamp, insert ids running on by one from the first (or all 0).
     */
    private static Merged merge(List<Replayed> replayed, int from, InsertMerging merging) throws SQLException {
        Replayed first = replayed.get(from);
        if (from + 1 >= replayed.size() || !joins(first, replayed.get(from + 1), 1)) {
            return new Merged(first.rendered(), 1);
        }
        Optional<String> prefix = merging.mergeablePrefix(first.statement().sql());
        Optional<String> firstTuple = prefix.flatMap(text -> InsertMerging.valuesTuple(text, first.rendered()));
        if (firstTuple.isEmpty()) {
            return new Merged(first.rendered(), 1);
        }
        StringBuilder text = new StringBuilder(prefix.get()).append(firstTuple.get());
        int count = 1;
        while (from + count < replayed.size()) {
            Replayed candidate = replayed.get(from + count);
            if (!joins(first, candidate, count)) {
                break;
            }
            Optional<String> tuple = InsertMerging.valuesTuple(prefix.get(), candidate.rendered());
            if (tuple.isEmpty() || text.length() + tuple.get().length() + 2 > InsertMerging.MAX_MERGED_CHARS) {
                break;
            }
            text.append(", ").append(tuple.get());
            count++;
        }
        return new Merged(text.toString(), count);
    }

    private static boolean joins(Replayed first, Replayed candidate, int offset) {
        long firstId = first.statement().insertId();
        return candidate.statement().sql().equals(first.statement().sql())
                && candidate.sessionTimestamp().equals(first.sessionTimestamp())
                && candidate.runsAs() == first.runsAs()
                && candidate.statement().insertId() == (firstId == 0 ? 0 : firstId + offset);
    }

    /** Runs a {@link #replayScript}, leaving the session reset, privileges too, even when a statement fails. */
    public static List<StatementScript.Result> run(Connection connection, StatementScript replayScript) throws SQLException {
        try {
            return replayScript.run(connection);
        } catch (SQLException | RuntimeException e) {
            try {
                resetSession(connection);
            } catch (SQLException resetFailure) {
                e.addSuppressed(resetFailure);
            }
            throw e;
        }
    }

    static boolean isUpsert(String sql) {
        return UPSERT.matcher(sql).find();
    }

}
