package dev.ddb.coordinator.replication;

import java.time.Duration;

/**
 * How a {@link LogApplier} paces itself.
 *
 * @param queueCapacity shipped batches waiting per replica before the queue is dropped for a catch-up
 * @param maxEntriesPerTransaction how many entries of queued batches one replica transaction may merge
 * @param catchUpChunk entries read from the master's log per query while catching up
 * @param idlePoll how long a live applier waits for a batch before it looks at its flags again
 * @param catchUpPoll how long to wait before reading the master's log again when the entry the
 *     replica needs is not committed there yet
 * @param initialBackoff first pause after a lost connection; doubled per failure up to {@code maxBackoff}
 * @param closeTimeout how long {@code close} waits for the thread before aborting its connections
 */
public record ApplierSettings(int queueCapacity, int maxEntriesPerTransaction, int catchUpChunk, Duration idlePoll,
        Duration catchUpPoll, Duration initialBackoff, Duration maxBackoff, Duration closeTimeout) {

    public ApplierSettings {
        if (queueCapacity < 1 || maxEntriesPerTransaction < 1 || catchUpChunk < 1) {
            throw new IllegalArgumentException("queue capacity, entries per transaction and catch-up chunk must be positive");
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoff must start above zero and be capped at or above its start");
        }
    }

    public static ApplierSettings defaults() {
        return new ApplierSettings(256, 1_000, 500, Duration.ofMillis(100), Duration.ofMillis(20), Duration.ofMillis(100),
                Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
