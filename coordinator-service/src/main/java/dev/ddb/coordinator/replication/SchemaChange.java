package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Set;

/**
 * DDL in the log. A DDL statement commits implicitly, so it cannot share a transaction with its
 * log row and {@code applied_ts}; a replica applies it alone, in three steps: commit the log row
 * (the in-doubt marker), run the DDL, advance {@code applied_ts}. A crash between the steps leaves a
 * log row above {@code applied_ts}; on reconnect the applier runs that DDL again and takes an error
 * saying its effect is already there as done.
 *
 * <p>The log holds only statements the coordinator's classifier accepted, where the DDL kinds are
 * exactly the statements that start with CREATE, ALTER, DROP, TRUNCATE or RENAME, so the first
 * keyword is enough here.
 */
public final class SchemaChange {

    private static final Set<String> DDL_KEYWORDS = Set.of("CREATE", "ALTER", "DROP", "TRUNCATE", "RENAME");

    /**
     * Errors a repeated DDL statement raises when its first run took effect: database exists (1007),
     * does not exist (1008), duplicate key on write (1022), table exists (1050), unknown table (1051),
     * unknown column (1054), duplicate column (1060), duplicate key name (1061), multiple primary keys
     * (1068), cannot drop a missing field or key (1091), table does not exist (1146), duplicate
     * foreign key constraint (1826).
     */
    private static final Set<Integer> ALREADY_APPLIED = Set.of(1007, 1008, 1022, 1050, 1051, 1054, 1060, 1061, 1068, 1091,
            1146, 1826);

    private SchemaChange() {
    }

    static boolean isSchemaChange(LogEntry entry) {
        for (LoggedStatement statement : entry.statements()) {
            if (DDL_KEYWORDS.contains(firstKeyword(statement.sql()))) {
                return true;
            }
        }
        return false;
    }

    public static boolean alreadyApplied(SQLException e) {
        return ALREADY_APPLIED.contains(e.getErrorCode());
    }

    static String firstKeyword(String sql) {
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
            } else if (sql.startsWith("--", i) || c == '#') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? length : end + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < length && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toUpperCase(Locale.ROOT);
    }
}
