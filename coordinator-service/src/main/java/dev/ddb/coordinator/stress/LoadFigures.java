package dev.ddb.coordinator.stress;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;

/**
 * What one load came to, as the stress endpoints answer it.
 *
 * @param latencyMs percentiles of the successful operations, null when none succeeded
 * @param errors failures by kind ({@code POST /query}'s status and code), most frequent first
 */
record LoadFigures(
        String consistency,
        @JsonProperty("num_operations") long numOperations,
        long successful,
        long failed,
        int clients,
        @JsonProperty("duration_ms") double durationMs,
        @JsonProperty("throughput_ops_per_sec") double throughputOpsPerSec,
        @JsonProperty("latency_ms") Latency latencyMs,
        List<ErrorCount> errors) {

    record Latency(double p50, double p95, double p99, double max) {
    }

    static LoadFigures of(LoadResult result, Consistency consistency) {
        LatencySummary latency = result.latency();
        return new LoadFigures(consistency.name(), result.succeeded() + result.failed(), result.succeeded(),
                result.failed(), result.clients(), hundredths(result.measured().toNanos() / 1e6),
                hundredths(result.perSecond()),
                latency == null ? null : new Latency(latency.p50Ms(), latency.p95Ms(), latency.p99Ms(), latency.maxMs()),
                result.errors());
    }

    boolean allSucceeded() {
        return failed == 0;
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
