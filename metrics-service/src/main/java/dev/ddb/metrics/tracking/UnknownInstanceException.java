package dev.ddb.metrics.tracking;

/** An instance id that is not in the configured instance list. */
public class UnknownInstanceException extends RuntimeException {

    public UnknownInstanceException(String message) {
        super(message);
    }
}
