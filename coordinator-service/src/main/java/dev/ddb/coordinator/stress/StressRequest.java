package dev.ddb.coordinator.stress;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of the write and mix loads, as the seed sends it.
 *
 * @param numOperations how many operations, 1 to {@code ddb.coordinator.stress-test.max-operations}; 100 if left out
 * @param consistency {@code EVENTUAL} or {@code STRONG} (the default), case-insensitive
 */
record StressRequest(@JsonProperty("num_operations") Integer numOperations, String consistency) {
}
