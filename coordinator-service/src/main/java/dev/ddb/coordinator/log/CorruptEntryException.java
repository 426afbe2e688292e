package dev.ddb.coordinator.log;

/** A log row that cannot be read back as the entry it was written from. */
public class CorruptEntryException extends RuntimeException {

    private final long ts;

    public CorruptEntryException(long ts, String reason, Throwable cause) {
        super("log entry ts=" + ts + " is damaged: " + reason, cause);
        this.ts = ts;
    }

    public long ts() {
        return ts;
    }
}
