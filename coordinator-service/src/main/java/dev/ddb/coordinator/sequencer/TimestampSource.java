package dev.ddb.coordinator.sequencer;

/** Global timestamps for a batch: {@code count} strictly increasing values, all above {@code floor}. */
@FunctionalInterface
public interface TimestampSource {

    long[] next(long floor, int count);
}
