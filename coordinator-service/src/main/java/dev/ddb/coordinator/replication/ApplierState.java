package dev.ddb.coordinator.replication;

/** Where a replica's {@link LogApplier} is. */
public enum ApplierState {
    /** Reading the master's log because the replica is behind what was shipped to it. */
    CATCHING_UP,
    /** Applying shipped batches as they come. */
    LIVE,
    /** The replica (or, while catching up, the master) cannot be reached; retrying with backoff. */
    DISCONNECTED,
    /** Stopped for good: applying further would diverge from the log; {@code lastError} says why. */
    BROKEN;

    /** Whether an applier in this state could acknowledge a batch now: it is connected to its replica. */
    public boolean canAcknowledge() {
        return this == LIVE || this == CATCHING_UP;
    }
}
