package dev.ddb.stress.runner;

import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.Outcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Histogram;

/**
 * A closed loop of {@code clients} that stops after {@code maxOperations} operations, after {@code maxDuration}, or
 * when {@link #stop()} is called, whichever comes first. Unlike the benchmark's loop it has no warm-up and counts
 * every operation, because the invariants need every write, and it keeps a per-second timeline for the report.
 */
final class TimedLoad {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);
    /** A client whose write failed waits this long before the next, so a down master is not hammered by 503s. */
    private static final long PAUSE_AFTER_FAILURE_MILLIS = 50;

    private final String name;
    private final int clients;
    private final long maxOperations;
    private final Duration maxDuration;
    private final Timeline timeline;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong succeeded = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
    private final Map<String, ErrorCount> errors = new ConcurrentHashMap<>();
    private volatile boolean stopped;
    private volatile long startNanos;
    private volatile Duration expected;
    /** Writes sent from this {@link System#nanoTime()} on count for {@link #firstSuccessSince}. */
    private volatile long watchedFrom = Long.MAX_VALUE;
    private final AtomicLong firstWatchedSuccess = new AtomicLong(Long.MAX_VALUE);

    TimedLoad(String name, int clients, long maxOperations, Duration maxDuration, Timeline timeline) {
        if (clients < 1) {
            throw new IllegalArgumentException("a load needs at least one client, got " + clients);
        }
        this.name = name;
        this.clients = clients;
        this.maxOperations = maxOperations;
        this.maxDuration = maxDuration;
        this.timeline = timeline;
        this.expected = maxDuration;
    }

    /** For the progress bar of a load that {@link #stop()} ends: about how long it will run. */
    TimedLoad expecting(Duration duration) {
        this.expected = duration;
        return this;
    }

    void stop() {
        stopped = true;
    }

    long succeeded() {
        return succeeded.get();
    }

    /** From now on, remembers when the first operation sent at {@code nanos} ({@link System#nanoTime()}) or later succeeded. */
    void watchSuccessesFrom(long nanos) {
        firstWatchedSuccess.set(Long.MAX_VALUE);
        watchedFrom = nanos;
    }

    /** When the first operation sent since {@link #watchSuccessesFrom} succeeded, if one has. */
    OptionalLong firstSuccessSince() {
        long first = firstWatchedSuccess.get();
        return first == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(first);
    }

    /** Runs the load to its end, showing a progress bar on {@code err}. */
    LoadResult run(IntFunction<LoadClient> connect, PrintWriter err, boolean terminal) throws InterruptedException {
        startNanos = System.nanoTime();
        long end = startNanos + maxDuration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients, runnable -> new Thread(runnable, name + "-client"));
        List<Future<?>> futures = new ArrayList<>();
        try (ProgressBar bar = new ProgressBar(err, name, this::progress, terminal)) {
            for (int client = 0; client < clients; client++) {
                int index = client;
                futures.add(pool.submit(() -> {
                    drive(connect.apply(index), end);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a client of " + name + " failed outside any operation", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        List<ErrorCount> byKind = errors.values().stream()
                .sorted(Comparator.comparingLong(ErrorCount::count).reversed().thenComparing(ErrorCount::kind)).toList();
        synchronized (latencies) {
            return new LoadResult(name, clients, elapsed, succeeded.get(), LatencySummary.ofMicros(latencies), byKind);
        }
    }

    private void drive(LoadClient client, long end) throws InterruptedException {
        try (client) {
            long sequence = 0;
            while (!stopped && System.nanoTime() < end && started.getAndIncrement() < maxOperations) {
                long before = System.nanoTime();
                Outcome outcome;
                try {
                    outcome = client.perform(sequence++);
                } catch (RuntimeException e) {
                    outcome = Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                }
                long after = System.nanoTime();
                long micros = (after - before) / 1_000;
                if (outcome.succeeded()) {
                    succeeded.incrementAndGet();
                    if (before >= watchedFrom) {
                        firstWatchedSuccess.accumulateAndGet(after, Math::min);
                    }
                    synchronized (latencies) {
                        latencies.recordValue(Math.min(micros, HIGHEST_MICROS));
                    }
                    timeline.success(after, micros);
                } else {
                    failed.incrementAndGet();
                    errors.merge(outcome.errorKind(), new ErrorCount(outcome.errorKind(), 1, outcome.detail()),
                            (a, b) -> new ErrorCount(a.kind(), a.count() + b.count(), a.example()));
                    timeline.failure(after);
                    Thread.sleep(PAUSE_AFTER_FAILURE_MILLIS);
                }
            }
        }
    }

    private ProgressBar.State progress() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double byTime = seconds / Math.max(0.001, expected.toMillis() / 1000.0);
        double byCount = maxOperations == Long.MAX_VALUE ? 0 : (succeeded.get() + failed.get()) / (double) maxOperations;
        return new ProgressBar.State(Math.max(byTime, byCount), String.format(Locale.ROOT,
                "%,d ok  %,d errors  %.1f s", succeeded.get(), failed.get(), seconds));
    }
}
