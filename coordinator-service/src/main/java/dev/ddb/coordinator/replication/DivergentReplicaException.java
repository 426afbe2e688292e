package dev.ddb.coordinator.replication;

/** The replica holds log entries the master lacks: applying the master's log on top of them would hide them. */
final class DivergentReplicaException extends ApplierBrokenException {

    DivergentReplicaException(String reason) {
        super(reason);
    }
}
