package dev.ddb.coordinator.sequencer;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

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
 *
 * <p>Blocks grow with the write rate: a block used up in under half a second makes the next one twice as large (up
 * to {@link #MAX_BLOCK_SIZE}, the most a timestamp service hands out at once), one that lasted over two seconds halves
 * it (down to the configured size). At the few dozen requests a second a coordinator makes, each cost a timestamp
 * service about a millisecond of CPU (a service that rarely runs its code runs it slowly), which at a fixed 100 values
 * came to 3-8 % of a core for each service at 5,000 writes/s; so the services are asked about once a second however
 * fast the writes come, and a quiet coordinator leaves only small gaps.
 *
 * <p>A block is also dropped once it is two seconds old and the next one has arrived, its unused values left as a
 * gap: a coordinator whose write rate fell from thousands a second to a few would otherwise not call a timestamp
 * service for minutes, so a service that died would still look healthy and one that came back would not be tried
 * again (its circuit breaker closes only on a call). While writes come, the services are called at least every two
 * seconds.
 */
public final class PrefetchingTimestamps implements TimestampSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PrefetchingTimestamps.class);

    /** The most values one {@code GET /timestamp} may ask for. */
    static final int MAX_BLOCK_SIZE = 10_000;
    private static final long GROW_BELOW_NANOS = 500_000_000L;
    private static final long SHRINK_ABOVE_NANOS = 2_000_000_000L;
    private static final long MAX_BLOCK_AGE_NANOS = 2_000_000_000L;

    private final TimestampSource source;
    private final int minBlockSize;
    private final Executor fetcher;
    private final LongSupplier nanoClock;
    private int blockSize;
    private long[] values = new long[0];
    private long installedAt;
    private int next;
    /** The block after {@code values}, all above its last value; null until a block was fetched. */
    private CompletableFuture<long[]> upcoming;

    /**
     * @param blockSize how many values to fetch at once at least (1 disables keeping any, and growing)
     * @param fetcher runs the background fetches; {@code Runnable::run} fetches the next block at once
     * @param nanoClock {@link System#nanoTime}, or a test's clock
     */
    public PrefetchingTimestamps(TimestampSource source, int blockSize, Executor fetcher, LongSupplier nanoClock) {
        if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("the timestamp block size must be between 1 and " + MAX_BLOCK_SIZE
                    + ", got " + blockSize);
        }
        this.source = source;
        this.minBlockSize = blockSize;
        this.blockSize = blockSize;
        this.fetcher = fetcher;
        this.nanoClock = nanoClock;
    }

    /** With {@link System#nanoTime} as its clock. */
    public PrefetchingTimestamps(TimestampSource source, int blockSize, Executor fetcher) {
        this(source, blockSize, fetcher, System::nanoTime);
    }

    /** Fetches ahead on a daemon thread of its own, which {@link #close} stops. */
    public static PrefetchingTimestamps fetchingAheadInBackground(TimestampSource source, int blockSize) {
        ExecutorService fetcher = Executors.newSingleThreadExecutor(DaemonThreads.named("ddb-timestamp-prefetch"));
        return new PrefetchingTimestamps(source, blockSize, fetcher);
    }

    @Override
    public long[] next(long floor, int count) {
        long now = nanoClock.getAsLong();
        skipUpTo(floor);
        if (values.length - next < count || expired(now)) {
            resize(now);
            install(upcomingBlock(), now);
            skipUpTo(floor);
            if (values.length - next < count) {
                install(source.next(floor, Math.max(count, blockSize)), now);
            }
            long[] current = values;
            int size = blockSize;
            upcoming = size > 1
                    ? CompletableFuture.supplyAsync(() -> source.next(current[current.length - 1], size), fetcher)
                    : null;
        }
        long[] taken = Arrays.copyOfRange(values, next, next + count);
        next += count;
        return taken;
    }

    /**
     * Whether the current block is old enough to be dropped for the one fetched ahead, which must have arrived: a
     * fetch still on its way or failed leaves the current block in use, so writes never wait for an old block's sake.
     */
    private boolean expired(long now) {
        return now - installedAt > MAX_BLOCK_AGE_NANOS
                && upcoming != null && upcoming.isDone() && !upcoming.isCompletedExceptionally();
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

    private void install(long[] block, long now) {
        values = block;
        installedAt = now;
        next = 0;
    }

    /** Sizes the blocks still to be fetched by how long the current one lasted. */
    private void resize(long now) {
        if (minBlockSize == 1 || values.length == 0) {
            return;
        }
        long lasted = now - installedAt;
        if (lasted < GROW_BELOW_NANOS) {
            blockSize = Math.min(MAX_BLOCK_SIZE, blockSize * 2);
        } else if (lasted > SHRINK_ABOVE_NANOS) {
            blockSize = Math.max(minBlockSize, blockSize / 2);
        }
    }

    /** How many values the next fetch asks for at least. */
    int blockSize() {
        return blockSize;
    }

    private void skipUpTo(long floor) {
        while (next < values.length && values[next] <= floor) {
            next++;
        }
    }
}
