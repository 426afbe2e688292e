package dev.ddb.coordinator.failover;

import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One failover as {@code /status} lists it.
 *
 * @param electedBy {@code seer}, {@code local} (seer-service gave no usable answer) or {@code operator} (a target was named)
 * @param caughtUpTo the {@code applied_ts} the new master reached before its promotion
 * @param caughtUpFrom the instance whose log it was caught up from, null when it was the most advanced already
 * @param oldMasterFenced whether the old master was reachable and now carries the new epoch as a replica
 * @param phasesMs how long each step took, in order: {@code hold} (the running batches end), {@code probe},
 *        {@code fence}, {@code elect}, {@code catch_up}, {@code promote}, {@code announce}, {@code appliers}
 */
public record FailoverRecord(
        Instant start,
        Instant end,
        @JsonProperty("duration_ms") long durationMs,
        @JsonProperty("old_master") String oldMaster,
        @JsonProperty("new_master") String newMaster,
        String reason,
        long epoch,
        @JsonProperty("elected_by") String electedBy,
        @JsonProperty("caught_up_to") long caughtUpTo,
        @JsonProperty("caught_up_from") String caughtUpFrom,
        @JsonProperty("old_master_fenced") boolean oldMasterFenced,
        @JsonProperty("phases_ms") Map<String, Long> phasesMs) {
}
