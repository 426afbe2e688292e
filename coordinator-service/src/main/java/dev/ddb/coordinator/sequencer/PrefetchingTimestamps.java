package dev.ddb.coordinator.sequencer;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;

/**
 * Asks the timestamp services for more values than a batch needs, keeps the rest for the next
 * batches, and fetches the following block in the background while the current one is used: the
 * sequencer waits for an HTTP round trip only when a batch needs more values than both blocks hold,
 * or when the background fetch failed. Kept values stay valid: they are still increasing and above
 * everything issued before them; values at or below a batch's floor are skipped, and unused ones are
 * gaps, which the log allows. {@link #next} is called by the sequencer's one thread only.
 */
public final class PrefetchingTimestamps implements TimestampSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrefetchingTimestamps.class);

    private final TimestampSource source;
    private final int blockSize;
    private final Executor fetcher;
    private long[] values = new long[0];
    private int next;
    /** The block after {@code values}, all above its last value; null until a block was fetched. */
    private CompletableFuture<long[]> upcoming;

    /**
     * @param blockSize how many values to fetch at once at least (1 disables keeping any)
     * @param fetcher runs the background fetches; {@code Runnable::run} fetches the next block at once
     */
    public PrefetchingTimestamps(TimestampSource source, int blockSize, Executor fetcher) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("the timestamp block size must be at least 1, got " + blockSize);
        }
        this.source = source;
        this.blockSize = blockSize;
        this.fetcher = fetcher;
    }

    /** Fetches ahead on a daemon thread of its own, which {@link #close} stops. */
    public static PrefetchingTimestamps fetchingAheadInBackground(TimestampSource source, int blockSize) {
        ExecutorService fetcher = Executors.newSingleThreadExecutor(DaemonThreads.named("ddb-timestamp-prefetch"));
        return new PrefetchingTimestamps(source, blockSize, fetcher);
    }

    @Override
    public long[] next(long floor, int count) {
        skipUpTo(floor);
        if (values.length - next < count) {
            install(upcomingBlock());
            skipUpTo(floor);
            if (values.length - next < count) {
                install(source.next(floor, Math.max(count, blockSize)));
            }
            long[] current = values;
            upcoming = blockSize > 1
                    ? CompletableFuture.supplyAsync(() -> source.next(current[current.length - 1], blockSize), fetcher)
                    : null;
        }
        long[] taken = Arrays.copyOfRange(values, next, next + count);
        next += count;
        return taken;
    }

    /** The block fetched in the background, waiting for it if it is still on its way; empty if it failed. */
    private long[] upcomingBlock() {
        if (upcoming == null) {
            return new long[0];
        }
        try {
            return upcoming.join();
        } catch (RuntimeException e) {
            log.debug("fetching timestamps ahead failed, fetching them now: {}", e.getMessage());
            return new long[0];
        } finally {
            upcoming = null;
        }
    }

    @Override
    public void close() {
        if (fetcher instanceof ExecutorService own) {
            own.shutdownNow();
        }
    }

    private void install(long[] block) {
        values = block;
        next = 0;
    }

    private void skipUpTo(long floor) {
        while (next < values.length && values[next] <= floor) {
            next++;
        }
    }
}
