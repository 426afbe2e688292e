package dev.ddb.coordinator.sequencer;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;

/**
 * Forecasts the AUTO_INCREMENT id each statement of a batch will generate on the master, so that the batch's log
 * entries, which carry those ids, can be written in the statements' own round trip. A forecast is only a guess: the
 * sequencer compares it with the ids the master reported before anything commits, and on a miss runs the batch again
 * the slow way (its log rows written once the ids are known), so a wrong guess never makes a wrong log row. It costs
 * time, and the ids the rolled-back run took (a gap, as a failed insert leaves), so the forecast only guesses from
 * what it saw:
 *
 * <ul>
 *   <li>a statement it has not seen run is not forecast (the batch takes the slow way, and it learns); statements are
 *       told apart by their text, which is a digest for literal statements, so there are as few as the application
 *       has statements;</li>
 *   <li>one seen to generate no id is forecast to generate none;</li>
 *   <li>one seen to generate ids, alone in its write and into one table, gets the id after the last one that table
 *       gave. The sequencer is the master's only writer and inserts on one thread, so ids follow on, unless something
 *       it did not see moved them: a write into the table that generated no id (an explicit id, an UPDATE of the
 *       id) makes it forget that table's next id, a batch rolled back every table's, a schema change or another
 *       master everything; a table's next id is known again after its next write that generates one.</li>
 * </ul>
 *
 * A statement that missed {@value #MISSES_ALLOWED} times is not forecast any more. Used by the sequencer's thread only.
 */
final class InsertIdForecast {

    static final int MISSES_ALLOWED = 3;
    /** Bounds each set of statements it remembers; statements it has no room for are not forecast. */
    static final int LIMIT = 10_000;

    private final Set<String> generating = new HashSet<>();
    private final Set<String> generatingNone = new HashSet<>();
    private final Map<String, Integer> misses = new HashMap<>();
    private final Map<String, Long> nextIdByTable = new HashMap<>();

    /**
     * The id each statement of each write is expected to generate (0 for none), or null if the batch cannot be
     * forecast.
     */
    long[][] forecast(List<PendingWrite> batch) {
        long[][] ids = new long[batch.size()][];
        Map<String, Long> next = null;
        for (int i = 0; i < batch.size(); i++) {
            WriteRequest request = batch.get(i).request();
            List<LoggedStatement> statements = request.statements();
            ids[i] = new long[statements.size()];
            for (int s = 0; s < statements.size(); s++) {
                String sql = statements.get(s).sql();
                if (misses.getOrDefault(sql, 0) >= MISSES_ALLOWED) {
                    return null;
                }
                if (generatingNone.contains(sql)) {
                    continue;
                }
                if (!generating.contains(sql) || statements.size() != 1 || request.tables().size() != 1) {
                    return null;
                }
                String table = request.tables().iterator().next();
                if (next == null) {
                    next = new HashMap<>();
                }
                Long id = next.containsKey(table) ? next.get(table) : nextIdByTable.get(table);
                if (id == null) {
                    return null;
                }
                ids[i][s] = id;
                next.put(table, id + 1);
            }
        }
        return ids;
    }

    /** Whether the entries the master's execution produced carry the forecast ids; a statement that did not misses. */
    boolean confirm(long[][] forecast, List<LogEntry> entries) {
        boolean hit = true;
        for (int i = 0; i < entries.size(); i++) {
            List<LoggedStatement> statements = entries.get(i).statements();
            for (int s = 0; s < statements.size(); s++) {
                LoggedStatement statement = statements.get(s);
                if (statement.insertId() != forecast[i][s]) {
                    hit = false;
                    if (misses.size() < LIMIT) {
                        misses.merge(statement.sql(), 1, Integer::sum);
                    }
                }
            }
        }
        return hit;
    }

    /**
     * Learns from a batch the master ran and that is committed (or prepared, to be committed): which of its statements
     * generate ids, and where each table's ids go on ({@code results} holds each write's rows, then its insert id).
     */
    void learn(List<PendingWrite> written, List<LogEntry> entries, List<long[]> results) {
        for (int i = 0; i < entries.size(); i++) {
            List<LoggedStatement> statements = entries.get(i).statements();
            Set<String> tables = written.get(i).request().tables();
            boolean generated = false;
            for (LoggedStatement statement : statements) {
                if (statement.insertId() != 0) {
                    generated = true;
                    remember(generating, statement.sql());
                    generatingNone.remove(statement.sql());
                } else if (!generating.contains(statement.sql())) {
                    remember(generatingNone, statement.sql());
                }
            }
            if (generated && statements.size() == 1 && tables.size() == 1) {
                nextIdByTable.put(tables.iterator().next(), statements.get(0).insertId() + Math.max(1, results.get(i)[0]));
            } else if (!deletesOnly(statements)) {
                // An explicit id, an UPDATE of one, several statements: the table's ids may have moved unseen.
                tables.forEach(nextIdByTable::remove);
            }
        }
    }

    /** After a batch was rolled back on the master: its inserts took ids nobody saw. */
    void forgetNextIds() {
        nextIdByTable.clear();
    }

    /** After a schema change, or on another master: nothing learnt may hold any more. */
    void forget() {
        generating.clear();
        generatingNone.clear();
        misses.clear();
        nextIdByTable.clear();
    }

    private static void remember(Set<String> statements, String sql) {
        if (statements.size() < LIMIT) {
            statements.add(sql);
        }
    }

    private static boolean deletesOnly(List<LoggedStatement> statements) {
        for (LoggedStatement statement : statements) {
            if (!statement.sql().stripLeading().toUpperCase(Locale.ROOT).startsWith("DELETE")) {
                return false;
            }
        }
        return true;
    }
}
