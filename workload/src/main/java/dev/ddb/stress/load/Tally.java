package dev.ddb.stress.load;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/** What one client of a load counted: successes with their latencies, failures by kind. Used by one thread. */
final class Tally {

    /** Longest latency the histogram resolves; anything slower is recorded as this. */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(1);

    long succeeded;
    final Histogram latencies = new Histogram(HIGHEST_TRACKABLE_MICROS, 3);
    final Map<String, ErrorCount> errors = new HashMap<>();

    void record(Outcome outcome, long micros) {
        if (outcome.succeeded()) {
            succeeded++;
            latencies.recordValue(Math.min(micros, HIGHEST_TRACKABLE_MICROS));
        } else {
            errors.merge(outcome.errorKind(), new ErrorCount(outcome.errorKind(), 1, outcome.detail()), Tally::sum);
        }
    }

    void add(Tally other) {
        succeeded += other.succeeded;
        latencies.add(other.latencies);
        other.errors.forEach((kind, count) -> errors.merge(kind, count, Tally::sum));
    }

    List<ErrorCount> errorCounts() {
        return errors.values().stream()
                .sorted(Comparator.comparingLong(ErrorCount::count).reversed().thenComparing(ErrorCount::kind))
                .toList();
    }

    private static ErrorCount sum(ErrorCount first, ErrorCount second) {
        return new ErrorCount(first.kind(), first.count() + second.count(), first.example());
    }
}
