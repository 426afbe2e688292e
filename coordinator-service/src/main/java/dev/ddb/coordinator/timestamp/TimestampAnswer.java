package dev.ddb.coordinator.timestamp;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code GET /timestamp?floor=F&count=C} returns. Every field is nullable so a missing one is reported as an
 * invalid answer rather than read as 0.
 */
record TimestampAnswer(
        Long timestamp,
        @JsonProperty("server_id") String serverId,
        Long first,
        Long last,
        Integer count) {
}
