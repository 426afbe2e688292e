package dev.ddb.timestamp.allocation;

import java.util.OptionalLong;

/**
 * Issues this server's timestamps: strictly increasing, never below a caller's floor, and never twice, even across a
 * crash. Before a value above the persisted reserved bound leaves the server, a new bound further ahead is made
 * durable; after a restart issuing resumes above that bound. The gap this leaves after a crash is the price of
 * needing one fsync per reservation instead of one per value.
 */
public final class TimestampAllocator {

    private final ServerSlot slot;
    private final ReservationFile reservationFile;
    private final long reservationSize;
    private final OptionalLong resumedFrom;
    private long lastIssued;
    private long reservedBound;

    private TimestampAllocator(ServerSlot slot, ReservationFile reservationFile, long reservationSize,
                               OptionalLong resumedFrom) {
        this.slot = slot;
        this.reservationFile = reservationFile;
        this.reservationSize = reservationSize;
        this.resumedFrom = resumedFrom;
        this.lastIssued = resumedFrom.orElse(0);
        this.reservedBound = lastIssued;
    }

    /**
     * Reads the reservation file and continues above its bound, or starts fresh when there is none.
     *
     * @param reservationSize how many of this server's values each persisted reservation covers beyond the block
     *                        that triggered it
     * @throws ReservationFileUnreadableException when the file exists but cannot be trusted
     */
    public static TimestampAllocator resume(ServerSlot slot, ReservationFile reservationFile, long reservationSize) {
        if (reservationSize < 1) {
            throw new IllegalArgumentException("reservation size must be at least 1, got " + reservationSize);
        }
        return new TimestampAllocator(slot, reservationFile, reservationSize, reservationFile.readReservedBound());
    }

    /** The smallest own value strictly above both the last value issued and {@code floor}. */
    public long next(long floor) {
        return nextBlock(floor, 1).first();
    }

    /**
     * {@code count} consecutive own values, the first being the smallest own value strictly above both the last value
     * issued and {@code floor}.
     *
     * @throws ReservationNotPersistedException when the reservation covering the block could not be made durable;
     *                                          nothing is issued then
     * @throws TimestampOverflowException       when the block would not fit below {@link Long#MAX_VALUE}
     */
    public synchronized TimestampBlock nextBlock(long floor, int count) {
        if (floor < 0) {
            throw new IllegalArgumentException("floor must not be negative, got " + floor);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        long first;
        long last;
        try {
            first = slot.firstAbove(Math.max(lastIssued, floor));
            last = slot.advance(first, count - 1L);
        } catch (ArithmeticException e) {
            throw new TimestampOverflowException("no room for " + count + " timestamps of " + slot.describe()
                    + " above " + Math.max(lastIssued, floor) + " below " + Long.MAX_VALUE);
        }
        if (last > reservedBound) {
            long newBound = reservationEndingAfter(last);
            reservationFile.persist(newBound);
            reservedBound = newBound;
        }
        lastIssued = last;
        return new TimestampBlock(first, last, count);
    }

    private long reservationEndingAfter(long last) {
        try {
            return slot.advance(last, reservationSize);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /** The last value issued, or the bound resumed from (0 on a fresh start) before anything was issued. */
    public synchronized long lastIssued() {
        return lastIssued;
    }

    public synchronized long reservedBound() {
        return reservedBound;
    }

    /** The bound read from the reservation file at start, empty on a fresh start. */
    public OptionalLong resumedFrom() {
        return resumedFrom;
    }

    public ServerSlot slot() {
        return slot;
    }

    public ReservationFile reservationFile() {
        return reservationFile;
    }
}
