package dev.ddb.stress.load;

import org.HdrHistogram.Histogram;

/** Percentiles of successful operations' latencies, in milliseconds. */
public record LatencySummary(double p50Ms, double p95Ms, double p99Ms, double maxMs) {

    /** @return null when the histogram holds no value, because percentiles of nothing would read as 0 ms */
    public static LatencySummary ofMicros(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return null;
        }
        return new LatencySummary(millis(micros.getValueAtPercentile(50)), millis(micros.getValueAtPercentile(95)),
                millis(micros.getValueAtPercentile(99)), millis(micros.getMaxValue()));
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
