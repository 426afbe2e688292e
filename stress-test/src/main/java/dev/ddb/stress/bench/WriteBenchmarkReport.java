package dev.ddb.stress.bench;

import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.report.ThroughputRatio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code bench-writes --json FILE} writes: the same figures as the printed tables, field names in snake_case.
 *
 * @param targets what each target label stood for in this run
 * @param ratios each coordinator target's writes/s divided by direct's at the same client count
 */
record WriteBenchmarkReport(String runId, String startedAt, Map<String, String> targets, long warmupMs,
                            long durationMs, List<Integer> clients, List<Row> results, List<Ratio> ratios) {

    private static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** Latency fields are null when the target completed no write at that client count. */
    record Row(String target, int clients, long writes, double writesPerSecond, Double p50Ms, Double p95Ms,
               Double p99Ms, Double maxMs, long errors, List<ErrorCount> errorsByKind) {

        static Row of(LoadResult result) {
            LatencySummary latency = result.latency();
            return new Row(result.target(), result.clients(), result.succeeded(), round(result.perSecond(), 1),
                    latency == null ? null : latency.p50Ms(), latency == null ? null : latency.p95Ms(),
                    latency == null ? null : latency.p99Ms(), latency == null ? null : latency.maxMs(),
                    result.failed(), result.errors());
        }
    }

    record Ratio(String target, String baseline, int clients, Double throughputRatio) {

        static Ratio of(ThroughputRatio ratio) {
            return new Ratio(ratio.target(), ratio.baseline(), ratio.clients(),
                    ratio.ratio() == null ? null : round(ratio.ratio(), 3));
        }
    }

    void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, JSON.writeValueAsString(this) + System.lineSeparator());
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
