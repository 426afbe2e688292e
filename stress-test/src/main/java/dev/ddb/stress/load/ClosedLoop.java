package dev.ddb.stress.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: each client sends its next operation as soon as the previous one is answered, so the
 * offered load adapts to the target's speed and the figures show what {@code n} waiting clients get. An operation
 * counts when it finishes inside the measured window that follows the warm-up; operations still running at the
 * end are waited for but not counted, so the rate is exactly completions per second of the window.
 */
public final class ClosedLoop {

    /** Longest latency the histogram resolves; anything slower is recorded as this. */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);

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
    private static Outcome perform(LoadClient client, long sequence) throws InterruptedException {
        try {
            return client.perform(sequence);
        } catch (RuntimeException e) {
            return Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
        }
    }

    private static final class Tally {
        long succeeded;
        final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
        final Map<String, ErrorCount> errors = new HashMap<>();

        void record(Outcome outcome, long micros) {
            if (outcome.succeeded()) {
                succeeded++;
                latencies.recordValue(Math.min(micros, HIGHEST_TRACKABLE_MICROS));
            } else {
                errors.merge(outcome.errorKind(), new ErrorCount(outcome.errorKind(), 1, outcome.detail()),
                        ClosedLoop::sum);
            }
        }

        void add(Tally other) {
            succeeded += other.succeeded;
            latencies.add(other.latencies);
            other.errors.forEach((kind, count) -> errors.merge(kind, count, ClosedLoop::sum));
        }

        List<ErrorCount> errorCounts() {
            return errors.values().stream()
                    .sorted(Comparator.comparingLong(ErrorCount::count).reversed().thenComparing(ErrorCount::kind))
                    .toList();
        }
    }

    private static ErrorCount sum(ErrorCount first, ErrorCount second) {
        return new ErrorCount(first.kind(), first.count() + second.count(), first.example());
    }
}
