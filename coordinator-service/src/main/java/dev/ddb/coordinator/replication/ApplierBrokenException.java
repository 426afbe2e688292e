package dev.ddb.coordinator.replication;

/** Applying further would make the replica diverge from the log: the applier stops for good. */
class ApplierBrokenException extends RuntimeException {

    ApplierBrokenException(String reason) {
        super(reason);
    }

    ApplierBrokenException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
