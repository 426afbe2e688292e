package dev.ddb.coordinator.sequencer;

import java.util.concurrent.atomic.LongAdder;

/** Batch counts and sizes, so /status can show how well group commit is batching. */
public final class SequencerStatistics {

    private final LongAdder batches = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    public void recordBatch(int size, long elapsedNanos) {
        batches.increment();
        writes.add(size);
        nanos.add(elapsedNanos);
    }

    public long batches() {
        return batches.sum();
    }

    /** Writes that ran in batches on the master, committed or not. */
    public long writes() {
        return writes.sum();
    }

    public double averageBatchSize() {
        long b = batches.sum();
        return b == 0 ? 0 : (double) writes.sum() / b;
    }

    public double averageBatchMillis() {
        long b = batches.sum();
        return b == 0 ? 0 : nanos.sum() / 1e6 / b;
    }
}
