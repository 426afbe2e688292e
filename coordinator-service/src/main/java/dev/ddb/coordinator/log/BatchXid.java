package dev.ddb.coordinator.log;

import java.util.Optional;

/**
 * The XA transaction id under which the sequencer prepares a STRONG batch on the master, {@code ddb-<epoch>-<first
 * ts>}: a coordinator that finds it prepared after a crash knows it is the suite's, from which epoch, and which log
 * entry it starts with, so it can tell whether the cluster kept the batch.
 */
public record BatchXid(long epoch, long firstTs) {

    private static final String PREFIX = "ddb-";

    /** The id as {@code XA START}, {@code XA RECOVER} and {@code XA COMMIT} spell it. */
    public String text() {
        return PREFIX + epoch + "-" + firstTs;
    }

    /** Whether {@code xid} is one of the suite's batches rather than another client's XA transaction. */
    public static boolean isBatch(String xid) {
        return xid != null && xid.startsWith(PREFIX);
    }

    /** The batch an id names; empty for an id that is not a batch's. */
    public static Optional<BatchXid> parse(String xid) {
        if (!isBatch(xid)) {
            return Optional.empty();
        }
        String[] parts = xid.substring(PREFIX.length()).split("-");
        if (parts.length != 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BatchXid(Long.parseLong(parts[0]), Long.parseLong(parts[1])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return text();
    }
}
