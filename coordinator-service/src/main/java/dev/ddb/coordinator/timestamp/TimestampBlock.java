package dev.ddb.coordinator.timestamp;

import java.util.stream.LongStream;

/**
 * {@code count} distinct, strictly increasing timestamps issued by one timestamp server, from {@code first} to
 * {@code last} inclusive: one per write of a batch.
 *
 * <p>The values are evenly spaced but not consecutive: server k of N issues k, k + N, k + 2N, ... The spacing is
 * derived from the answer itself, {@code (last - first) / (count - 1)}, rather than from a configured server count,
 * so the coordinator needs no change when timestamp servers are added; a block whose span does not divide evenly is
 * rejected, because it cannot be the answer of a k-of-N server.
 *
 * @param serverId the {@code server_id} the timestamp server reported
 */
public record TimestampBlock(long first, long last, int count, String serverId) {

    public TimestampBlock {
        if (count < 1) {
            throw new IllegalArgumentException("a timestamp block holds at least 1 value, got count " + count);
        }
        if (first < 1) {
            throw new IllegalArgumentException("timestamps start at 1, got first " + first);
        }
        if (count == 1 && last != first) {
            throw new IllegalArgumentException("a block of 1 must end where it starts, got first " + first
                    + " and last " + last);
        }
        if (count > 1 && (last <= first || (last - first) % (count - 1) != 0)) {
            throw new IllegalArgumentException("first " + first + " and last " + last + " cannot hold " + count
                    + " evenly spaced increasing timestamps");
        }
        if (serverId == null || serverId.isBlank()) {
            throw new IllegalArgumentException("a timestamp block names the server that issued it");
        }
    }

    /** The {@code index}-th value of the block, 0-based. */
    public long timestamp(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("index " + index + " outside a block of " + count);
        }
        return first + index * step();
    }

    /** Every value of the block, in increasing order. */
    public LongStream values() {
        long step = step();
        return LongStream.range(0, count).map(i -> first + i * step);
    }

    private long step() {
        return count == 1 ? 0 : (last - first) / (count - 1);
    }
}
