package dev.ddb.seer.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddb.seer.election.CandidateMetrics;
import dev.ddb.seer.election.PromotionRule;
import java.util.ArrayList;
import java.util.List;

/**
 * One instance in metrics-service's {@code GET /metrics} answer, master included. Fields this service does not use
 * ({@code applied_ts}, {@code epoch}, {@code last_updated}, ...) are ignored, so metrics-service may add more. Numbers
 * are boxed because an instance metrics-service has never reached may come without them.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaReport(
        @JsonProperty("replica_id") String replicaId,
        @JsonProperty("latency_ms") Double latencyMs,
        @JsonProperty("avg_latency_ms") Double avgLatencyMs,
        @JsonProperty("uptime_seconds") Long uptimeSeconds,
        @JsonProperty("crash_count") Long crashCount,
        @JsonProperty("replication_lag") Long replicationLag,
        @JsonProperty("is_healthy") Boolean healthy,
        @JsonProperty("is_master") Boolean master) {

    /** The moving average when there is one, which a single slow poll does not swing; else the last round trip. */
    Double latency() {
        return avgLatencyMs != null ? avgLatencyMs : latencyMs;
    }

    /** Whether the election could pick this instance, so that its numbers must all be real. */
    boolean electable() {
        return Boolean.TRUE.equals(healthy) && Boolean.FALSE.equals(master);
    }

    boolean measured() {
        return missingNumbers().isEmpty();
    }

    List<String> missingNumbers() {
        List<String> missing = new ArrayList<>();
        if (latency() == null) {
            missing.add("avg_latency_ms and latency_ms");
        }
        if (uptimeSeconds == null) {
            missing.add("uptime_seconds");
        }
        if (crashCount == null) {
            missing.add("crash_count");
        }
        if (replicationLag == null) {
            missing.add("replication_lag");
        }
        return missing;
    }

    /**
     * The instance as the election sees it. Zero stands in for a missing number only on an instance that is unhealthy
     * or the master (see {@link MetricsReport#requireUsable()}), which the election never picks, and the answer shows
     * no score for it.
     */
    CandidateMetrics toCandidate(PromotionRule rule) {
        return new CandidateMetrics(replicaId, healthy, orZero(latency()), orZero(uptimeSeconds), orZero(crashCount),
                orZero(replicationLag), rule, master);
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
