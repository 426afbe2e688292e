package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.LoggedStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The master's side of {@link InsertMerging}: consecutive writes of a batch that are each the same single-row INSERT
 * run on the master as one multi-row INSERT, as the replicas replay them. On MariaDB 10.11 the server parsed every
 * statement anew, which made the master's CPU per write half as much again as a replica's; one INSERT also spares the
 * sequencer a result per write. Each write is still logged as its own statement with its own insert id.
 *
 * <p>The rows get what separate INSERTs would have given them: the same values, {@code NOW()} of the batch's one
 * session timestamp, and AUTO_INCREMENT ids that run on from the first one the INSERT reports ({@link InsertTables}
 * admits only tables where they do). If any row fails, the whole INSERT does and the batch runs again with each write
 * on its own, so a failing write still fails alone.
 */
public final class MasterInserts {

    private final InsertTables tables = new InsertTables();

    /**
     * Writes planned as one INSERT.
     *
     * @param statement the INSERT's index in its script
     * @param count how many writes it holds, in order
     */
    public record Run(int statement, int count) {

        /**
         * What the {@code i}-th write of the run did; empty if the INSERT did not report one row per write (nothing
         * here should make it, but the writes' answers could not be told apart then).
         */
        public Optional<EntryReplayer.Execution> execution(List<StatementScript.Result> results, int i) {
            StatementScript.Result result = results.get(statement);
            if (result.updateCount() != count) {
                return Optional.empty();
            }
            long firstId = result.generatedKey();
            return Optional.of(new EntryReplayer.Execution(1, firstId == 0 ? 0 : firstId + i));
        }
    }

    /**
     * Adds to the script, as one INSERT, the statements from {@code from} on that are the same single-row INSERT into
     * a table that accepts merged inserts; a null statement (a write of several statements) joins none.
     *
     * @return the run, or null if fewer than two statements would join (nothing was added then)
     */
    public Run plan(StatementScript script, Connection connection, List<LoggedStatement> statements, int from)
            throws SQLException {
        LoggedStatement first = statements.get(from);
        if (first == null || from + 1 >= statements.size() || !sameText(first, statements.get(from + 1))) {
            return null;
        }
        Optional<String> prefix = new InsertMerging(tables.on(connection)).mergeablePrefix(first.sql());
        if (prefix.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(prefix.get());
        int count = 0;
        while (from + count < statements.size() && sameText(first, statements.get(from + count))) {
            LoggedStatement next = statements.get(from + count);
            Optional<String> tuple = InsertMerging.valuesTuple(prefix.get(),
                    StatementScript.render(connection, next.sql(), next.params()));
            if (tuple.isEmpty() || (count > 0 && text.length() + tuple.get().length() + 2 > InsertMerging.MAX_MERGED_CHARS)) {
                break;
            }
            text.append(count > 0 ? ", " : "").append(tuple.get());
            count++;
        }
        return count < 2 ? null : new Run(script.addRenderedKeyed(text.toString()), count);
    }

    /** After a schema change on the master, or when another instance became master. */
    public void forget() {
        tables.forget();
    }

    private static boolean sameText(LoggedStatement first, LoggedStatement candidate) {
        return candidate != null && candidate.sql().equals(first.sql());
    }
}
