package dev.ddb.stress.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A closed-loop load: each client sends its next operation as soon as the previous one is answered, so the
 * offered load adapts to the target's speed and the figures show what {@code n} waiting clients get. An operation
 * counts when it finishes inside the measured window that follows the warm-up; operations still running at the
 * end are waited for but not counted, so the rate is exactly completions per second of the window.
 */
public final class ClosedLoop {

    private final Duration warmup;
    private final Duration duration;

    public ClosedLoop(Duration warmup, Duration duration) {
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("the warm-up must not be negative, got " + warmup);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException("the measured duration must be positive, got " + duration);
        }
        this.warmup = warmup;
        this.duration = duration;
    }

    /** @param connect creates client {@code i} of {@code clients}; each is used by one thread and closed by it */
    public LoadResult run(String target, int clients, IntFunction<LoadClient> connect) throws InterruptedException {
        if (clients < 1) {
            throw new IllegalArgumentException("a load needs at least one client, got " + clients);
        }
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(clients,
                runnable -> new Thread(runnable, target + "-client-" + threadNumber.getAndIncrement()));
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Future<Tally>> futures = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            int index = client;
            futures.add(pool.submit(() -> drive(connect.apply(index), measureFrom, end)));
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
        return new LoadResult(target, clients, duration, total.succeeded, LatencySummary.ofMicros(total.latencies),
                total.errorCounts());
    }

    private static Tally drive(LoadClient client, long measureFrom, long end) throws InterruptedException {
        Tally tally = new Tally();
        try (client) {
            long sequence = 0;
            long started;
            while ((started = System.nanoTime()) < end) {
                Outcome outcome = perform(client, sequence++);
                long finished = System.nanoTime();
                if (finished >= measureFrom && finished < end) {
                    tally.record(outcome, (finished - started) / 1_000);
                }
            }
        }
        return tally;
    }

    /** A client that throws is a bug in it, but one operation's bug should show up as a counted kind, not end the run. */
    static Outcome perform(LoadClient client, long sequence) throws InterruptedException {
        try {
            return client.perform(sequence);
        } catch (RuntimeException e) {
            return Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }
}
