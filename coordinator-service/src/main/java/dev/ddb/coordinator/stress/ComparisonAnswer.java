package dev.ddb.coordinator.stress;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code POST /admin/stress-test/consistency-comparison}: the same write load at EVENTUAL, then at STRONG.
 *
 * @param eventualToStrongThroughput how many times more writes per second EVENTUAL completed
 * @param strongToEventualP50 how many times longer a STRONG write took at the median; null if either had none
 */
record ComparisonAnswer(
        boolean success,
        String test,
        String message,
        @JsonProperty("num_operations") int numOperations,
        LoadFigures eventual,
        LoadFigures strong,
        @JsonProperty("eventual_to_strong_throughput") Double eventualToStrongThroughput,
        @JsonProperty("strong_to_eventual_p50") Double strongToEventualP50) {
}
