package dev.ddb.coordinator.sequencer;

import java.util.Arrays;

/**
 * Asks the timestamp services for more values than a batch needs and keeps the rest for the next
 * batches, so a quiet system pays no HTTP round trip per write. Kept values stay valid: they are
 * still increasing and above everything issued before them; values at or below a batch's floor are
 * skipped, and unused ones are gaps, which the log allows. Used by the sequencer's one thread only.
 */
public final class PrefetchingTimestamps implements TimestampSource {

    private final TimestampSource source;
    private final int blockSize;
    private long[] values = new long[0];
    private int next;

    /** @param blockSize how many values to fetch at once at least (1 disables keeping any) */
    public PrefetchingTimestamps(TimestampSource source, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("the timestamp block size must be at least 1, got " + blockSize);
        }
        this.source = source;
        this.blockSize = blockSize;
    }

    @Override
    public long[] next(long floor, int count) {
        while (next < values.length && values[next] <= floor) {
            next++;
        }
        if (values.length - next < count) {
            values = source.next(floor, Math.max(count, blockSize));
            next = 0;
        }
        long[] taken = Arrays.copyOfRange(values, next, next + count);
        next += count;
        return taken;
    }
}
