package dev.ddb.stress.load;

import java.time.Duration;
import java.util.List;

/**
 * One measured window of one target at one number of clients.
 *
 * @param target the name the runner gave the target, e.g. {@code strong}
 * @param measured the measured window (warm-up excluded); rates are per second of it
 * @param succeeded operations that succeeded and finished inside the window
 * @param latency percentiles of those operations, null when none succeeded
 * @param errors failures that finished inside the window, most frequent kind first
 */
public record LoadResult(String target, int clients, Duration measured, long succeeded, LatencySummary latency,
                         List<ErrorCount> errors) {

    public LoadResult {
        errors = List.copyOf(errors);
    }

    public long failed() {
        return errors.stream().mapToLong(ErrorCount::count).sum();
    }

    public double perSecond() {
        return succeeded / (measured.toNanos() / 1e9);
    }
}
