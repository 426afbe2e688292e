package dev.ddb.stress.runner;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** Operations per second of a load: how many finished in each second, how many failed, and their p50 and p99. */
final class Timeline {

    /** One second of a load, counted from the start of the run. Latencies are null in a second without a success. */
    record Point(double second, long succeeded, long failed, Double p50Ms, Double p99Ms) {
    }

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

    private final long origin;
    private final TreeMap<Long, Histogram> latencies = new TreeMap<>();
    private final TreeMap<Long, long[]> failures = new TreeMap<>();

    /** @param origin System.nanoTime() of the run's start, shared by every timeline and sample of the run */
    Timeline(long origin) {
        this.origin = origin;
    }

    synchronized void success(long finishedNanos, long micros) {
        latencies.computeIfAbsent(second(finishedNanos), s -> new Histogram(HIGHEST_MICROS, 2))
                .recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    synchronized void failure(long finishedNanos) {
        failures.computeIfAbsent(second(finishedNanos), s -> new long[1])[0]++;
    }

    synchronized List<Point> points() {
        TreeMap<Long, Boolean> seconds = new TreeMap<>();
        latencies.keySet().forEach(s -> seconds.put(s, true));
        failures.keySet().forEach(s -> seconds.put(s, true));
        List<Point> points = new ArrayList<>();
        if (seconds.isEmpty()) {
            return points;
        }
        for (long s = seconds.firstKey(); s <= seconds.lastKey(); s++) {
            Histogram histogram = latencies.get(s);
            long failed = failures.containsKey(s) ? failures.get(s)[0] : 0;
            boolean any = histogram != null && histogram.getTotalCount() > 0;
            points.add(new Point(s, any ? histogram.getTotalCount() : 0, failed,
                    any ? histogram.getValueAtPercentile(50) / 1000.0 : null,
                    any ? histogram.getValueAtPercentile(99) / 1000.0 : null));
        }
        return points;
    }

    private long second(long nanos) {
        return TimeUnit.NANOSECONDS.toSeconds(nanos - origin);
    }
}
