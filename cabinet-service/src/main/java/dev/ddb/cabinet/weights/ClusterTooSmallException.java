package dev.ddb.cabinet.weights;

/** The cluster has too few nodes for Cabinet with the configured (or default) failure threshold. */
public class ClusterTooSmallException extends RuntimeException {

    public ClusterTooSmallException(String message) {
        super(message);
    }
}
