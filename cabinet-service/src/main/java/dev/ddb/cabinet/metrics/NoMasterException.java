package dev.ddb.cabinet.metrics;

/**
 * metrics-service answered, but no single instance is the master (none reports {@code is_master}, or several do at the
 * same epoch), so there is no node to give the heaviest weight. Expected while a failover is under way.
 */
public class NoMasterException extends RuntimeException {

    public NoMasterException(String message) {
        super(message);
    }
}
