package dev.ddb.coordinator.failover;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * No automatic failover sooner than {@code minInterval} after the last one ended: a master that flaps (dies, comes
 * back, dies) must not make the role bounce between instances. An operator's request is never refused by it.
 */
final class AntiFlapping {

    private final Duration minInterval;
    private Instant lastEnded;

    AntiFlapping(Duration minInterval) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("ddb.coordinator.failover.min-interval must not be negative, got " + minInterval);
        }
        this.minInterval = minInterval;
    }

    synchronized void failoverEnded(Instant at) {
        lastEnded = at;
    }

    /** When the next automatic failover may start, if that is after {@code now}; empty when it may start now. */
    synchronized Optional<Instant> refusedUntil(Instant now) {
        if (lastEnded == null) {
            return Optional.empty();
        }
        Instant allowed = lastEnded.plus(minInterval);
        return now.isBefore(allowed) ? Optional.of(allowed) : Optional.empty();
    }
}
