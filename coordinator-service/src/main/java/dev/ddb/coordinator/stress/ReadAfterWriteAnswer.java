package dev.ddb.coordinator.stress;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /admin/stress-test/read-after-write}: per mode ({@code eventual}, {@code strong},
 * {@code min_timestamp}), how many reads right after their write missed it.
 *
 * @param success no operation failed and neither STRONG nor {@code min_timestamp} reads were stale
 */
record ReadAfterWriteAnswer(
        boolean success,
        String test,
        String message,
        @JsonProperty("num_trials") int numTrials,
        Map<String, StaleReads> modes) {

    /**
     * @param staleAllowed only EVENTUAL reads may miss the write just made
     * @param staleRate stale reads per read, 0 to 1
     */
    record StaleReads(
            @JsonProperty("write_consistency") String writeConsistency,
            @JsonProperty("read_consistency") String readConsistency,
            @JsonProperty("min_timestamp") boolean minTimestamp,
            long reads,
            @JsonProperty("stale_reads") long staleReads,
            @JsonProperty("stale_rate") double staleRate,
            @JsonProperty("stale_allowed") boolean staleAllowed,
            @JsonProperty("load") LoadFigures load) {
    }
}
