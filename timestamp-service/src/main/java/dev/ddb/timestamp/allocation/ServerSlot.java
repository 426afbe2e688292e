package dev.ddb.timestamp.allocation;

/**
 * Server {@code index} of {@code count}: the residue class it issues from, {@code index, index + count, index + 2 count, ...}.
 * Distinct indexes of the same count never share a value, which is what lets several servers issue without talking.
 */
public record ServerSlot(int index, int count) {

    public ServerSlot {
        if (count < 1) {
            throw new IllegalArgumentException("server count must be at least 1, got " + count);
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException(
                    "server index must be between 1 and the server count " + count + ", got " + index);
        }
    }

    /** The smallest value of this slot strictly above {@code value}. */
    public long firstAbove(long value) {
        if (value < index) {
            return index;
        }
        long stepsPast = (value - index) / count;
        return Math.addExact(index, Math.multiplyExact(stepsPast + 1, (long) count));
    }

    /** The value {@code steps} places after {@code value} in this slot. */
    public long advance(long value, long steps) {
        return Math.addExact(value, Math.multiplyExact(steps, (long) count));
    }

    public String describe() {
        return "server " + index + " of " + count;
    }
}
