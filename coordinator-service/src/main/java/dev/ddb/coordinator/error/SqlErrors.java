package dev.ddb.coordinator.error;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;


/**
 * Tells a failure of one statement (the client's problem: it fails alone) from a failure of the
 * connection to the master (everyone's problem: the batch is abandoned and the master suspected).
 */
public final class SqlErrors {

    private SqlErrors() {
    }

    public static boolean isConnectionLevel(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /** The client-facing error for a statement the master refused. */
    public static CoordinatorException statementFailed(SQLException e) {
        String detail = "the instance refused the statement: " + e.getMessage();
        return switch (e.getErrorCode()) {
            case 1062 -> new CoordinatorException(409, "DUPLICATE_KEY", detail);
            // Foreign keys; CHECK constraints (MariaDB 4025, MySQL 3819).
            case 1451, 1452, 4025, 3819 -> new CoordinatorException(409, "CONSTRAINT_VIOLATION", detail);
            case 1146 -> new CoordinatorException(400, "UNKNOWN_TABLE", detail);
            case 1054 -> new CoordinatorException(400, "UNKNOWN_COLUMN", detail);
            case 1049 -> new CoordinatorException(400, "UNKNOWN_DATABASE", detail);
            case 1050, 1007 -> new CoordinatorException(409, "ALREADY_EXISTS", detail);
            case 1205, 1213 -> new CoordinatorException(409, "LOCK_CONFLICT", detail + " (retry the write)");
            default -> new CoordinatorException(400, "SQL_ERROR", detail);
        };
    }
}
