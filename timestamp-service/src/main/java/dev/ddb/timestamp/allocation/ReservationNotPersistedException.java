package dev.ddb.timestamp.allocation;

/** The new reserved bound could not be made durable, so nothing above the old one was issued. */
public class ReservationNotPersistedException extends RuntimeException {

    public ReservationNotPersistedException(String message, Throwable cause) {
        super(message, cause);
    }
}
