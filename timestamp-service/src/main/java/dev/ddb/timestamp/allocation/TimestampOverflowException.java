package dev.ddb.timestamp.allocation;

/** The values asked for would not fit below {@link Long#MAX_VALUE}. */
public class TimestampOverflowException extends RuntimeException {

    public TimestampOverflowException(String message) {
        super(message);
    }
}
