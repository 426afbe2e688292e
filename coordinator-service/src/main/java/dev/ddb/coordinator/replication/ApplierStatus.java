package dev.ddb.coordinator.replication;

/**
 * A replica applier as {@code /status} shows it.
 *
 * @param appliedTs the replica's {@code applied_ts} as last read or committed (0 before the first connect)
 * @param lastError the last failure, or null if there was none
 * @param lastApplyMillis how long the last shipped batch took from dequeue to commit, or -1 before the first
 * @param overflows how many times the shipped-batch queue overflowed and was dropped for a catch-up
 * @param divergent broken because the replica holds log entries the master lacks (a rejoin can list and discard them)
 */
public record ApplierStatus(String replicaId, ApplierState state, long appliedTs, String lastError, double lastApplyMillis,
        long overflows, boolean divergent) {
}
