package dev.ddb.coordinator.api;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;

import dev.ddb.coordinator.sequencer.Consistency;

/** Counts and latencies per consistency level, for {@code GET /consistency-metrics}. */
public final class ConsistencyMetrics {

    private final Map<Consistency, Level> levels = new EnumMap<>(Consistency.class);

    public ConsistencyMetrics() {
        for (Consistency consistency : Consistency.values()) {
            levels.put(consistency, new Level());
        }
    }

    private static final class Level {
        final LongAdder writes = new LongAdder();
        final LongAdder reads = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder quorumNotAchieved = new LongAdder();
        final LongAdder writeMicros = new LongAdder();
        final LongAdder readMicros = new LongAdder();
        final Histogram writeLatency = new Histogram(60_000_000L, 3);
        final Histogram readLatency = new Histogram(60_000_000L, 3);
    }

    void recordWrite(Consistency consistency, double latencyMs, boolean success, boolean quorumMissed) {
        Level level = levels.get(consistency);
        long micros = Math.max(1, Math.round(latencyMs * 1000));
        level.writes.increment();
        level.writeMicros.add(micros);
        synchronized (level.writeLatency) {
            level.writeLatency.recordValue(Math.min(micros, level.writeLatency.getHighestTrackableValue()));
        }
        if (!success) {
            level.failures.increment();
        }
        if (quorumMissed) {
            level.quorumNotAchieved.increment();
        }
    }

    void recordRead(Consistency consistency, double latencyMs, boolean success) {
        Level level = levels.get(consistency);
        long micros = Math.max(1, Math.round(latencyMs * 1000));
        level.reads.increment();
        level.readMicros.add(micros);
        synchronized (level.readLatency) {
            level.readLatency.recordValue(Math.min(micros, level.readLatency.getHighestTrackableValue()));
        }
        if (!success) {
            level.failures.increment();
        }
    }

    public long writes(Consistency consistency) {
        return levels.get(consistency).writes.sum();
    }

    public long reads(Consistency consistency) {
        return levels.get(consistency).reads.sum();
    }

    /** Writes and reads answered with an error. */
    public long failures(Consistency consistency) {
        return levels.get(consistency).failures.sum();
    }

    /** STRONG writes the master committed without a quorum of replicas in time. */
    public long quorumNotAchieved() {
        return levels.get(Consistency.STRONG).quorumNotAchieved.sum();
    }

    /** A percentile of the write latencies since start, in milliseconds (0 before the first write). */
    public double writeLatencyMillis(Consistency consistency, double percentile) {
        Histogram histogram = levels.get(consistency).writeLatency;
        synchronized (histogram) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** A percentile of the read latencies since start, in milliseconds (0 before the first read). */
    public double readLatencyMillis(Consistency consistency, double percentile) {
        Histogram histogram = levels.get(consistency).readLatency;
        synchronized (histogram) {
            return histogram.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** The seed's shape per level, plus read counts and p50/p99. */
    public Map<String, Object> snapshot() {
        Map<String, Object> result = new LinkedHashMap<>();
        levels.forEach((consistency, level) -> {
            Map<String, Object> values = new LinkedHashMap<>();
            long writes = level.writes.sum();
            long reads = level.reads.sum();
            long failures = level.failures.sum();
            values.put("write_count", writes);
            values.put("read_count", reads);
            values.put("avg_write_latency_ms", writes == 0 ? 0.0 : round(level.writeMicros.sum() / 1000.0 / writes));
            values.put("avg_read_latency_ms", reads == 0 ? 0.0 : round(level.readMicros.sum() / 1000.0 / reads));
            synchronized (level.writeLatency) {
                values.put("p50_write_latency_ms", round(level.writeLatency.getValueAtPercentile(50) / 1000.0));
                values.put("p99_write_latency_ms", round(level.writeLatency.getValueAtPercentile(99) / 1000.0));
            }
            synchronized (level.readLatency) {
                values.put("p50_read_latency_ms", round(level.readLatency.getValueAtPercentile(50) / 1000.0));
                values.put("p99_read_latency_ms", round(level.readLatency.getValueAtPercentile(99) / 1000.0));
            }
            values.put("failures", failures);
            if (consistency == Consistency.STRONG) {
                values.put("quorum_not_achieved", level.quorumNotAchieved.sum());
            }
            long total = writes + reads;
            values.put("success_rate", total == 0 ? 100.0 : round(100.0 * (total - failures) / total));
            result.put(consistency.name(), values);
        });
        return result;
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
