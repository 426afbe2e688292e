package dev.ddb.coordinator.stress;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * {@code POST /admin/stress-test/concurrent-writes}.
 *
 * @param success every write was acknowledged and no two with the same timestamp
 * @param timestampsUnique the acknowledged writes' timestamps are all different, as the log's order requires
 */
record WriteLoadAnswer(
        boolean success,
        String test,
        String message,
        @JsonUnwrapped LoadFigures figures,
        @JsonProperty("timestamps_unique") boolean timestampsUnique,
        @JsonProperty("first_timestamp") Long firstTimestamp,
        @JsonProperty("last_timestamp") Long lastTimestamp) {
}
