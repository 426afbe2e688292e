package dev.ddb.coordinator.read;

import java.sql.SQLException;

/**
 * The instance refused the read itself (syntax, unknown table or column, bad parameter count): the
 * client's error, reported at once and never retried on another instance.
 */
public final class ReadStatementException extends RuntimeException {

    private final String instanceId;

    public ReadStatementException(String instanceId, SQLException cause) {
        super(instanceId + " refused the read: " + cause.getMessage(), cause);
        this.instanceId = instanceId;
    }

    public String instanceId() {
        return instanceId;
    }

    /** The server's error; its error code and SQLState say what was wrong. */
    public SQLException sqlException() {
        return (SQLException) getCause();
    }
}
