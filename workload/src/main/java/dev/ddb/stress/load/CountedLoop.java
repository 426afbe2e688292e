package dev.ddb.stress.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed loop that stops after a number of operations instead of a duration: the clients take operations from
 * one shared count until it is used up, each sending its next as soon as the previous is answered. Every
 * operation is counted, and the rate is per second of the whole run, from the first send to the last answer.
 */
public final class CountedLoop {

    private CountedLoop() {
    }

    /**
     * @param connect creates client {@code i} of {@code clients}; each is used by one thread and closed by it,
     *                and numbers its own operations 0, 1, 2, ...
     */
    public static LoadResult run(String target, int clients, long operations, IntFunction<LoadClient> connect)
            throws InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("a load needs at least one client, got " + clients);
        }
        if (operations < 1) {
            throw new IllegalArgumentException("a load needs at least one operation, got " + operations);
        }
        int threads = (int) Math.min(clients, operations);
        AtomicLong remaining = new AtomicLong(operations);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads,
                runnable -> new Thread(runnable, target + "-client-" + threadNumber.getAndIncrement()));
        long started = System.nanoTime();
        List<Future<Tally>> futures = new ArrayList<>();
        for (int client = 0; client < threads; client++) {
            int index = client;
            futures.add(pool.submit(() -> drive(connect.apply(index), remaining)));
        }
        Tally total = new Tally();
        try {
            for (Future<Tally> future : futures) {
                total.add(future.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client of " + target + " failed outside any operation", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Duration measured = Duration.ofNanos(Math.max(1, System.nanoTime() - started));
        return new LoadResult(target, threads, measured, total.succeeded, LatencySummary.ofMicros(total.latencies),
                total.errorCounts());
    }

    private static Tally drive(LoadClient client, AtomicLong remaining) throws InterruptedException {
        Tally tally = new Tally();
        try (client) {
            long sequence = 0;
            while (remaining.getAndDecrement() > 0) {
                long started = System.nanoTime();
                Outcome outcome = ClosedLoop.perform(client, sequence++);
                tally.record(outcome, (System.nanoTime() - started) / 1_000);
            }
        }
        return tally;
    }
}
