package dev.ddb.coordinator.status;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to {@code GET /table-timestamps}: the master's timestamps and every replica's, with their lag. */
public record TableTimestampsReport(InstanceTimestamps master, List<InstanceTimestamps> replicas) {

    public TableTimestampsReport {
        replicas = List.copyOf(replicas);
    }

    /**
     * One instance as it answered: its {@code applied_ts} and, per table, the newest log entry that touched it.
     * Lags (replicas only, and only while the master answers) are in timestamp units, not entries: timestamps
     * have gaps. An instance that did not answer has {@code reachable: false} and an error instead of values.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InstanceTimestamps(String id, boolean reachable,
            @JsonProperty("global_timestamp") Long globalTimestamp,
            @JsonProperty("global_lag") Long globalLag,
            @JsonProperty("table_timestamps") Map<String, Long> tableTimestamps,
            @JsonProperty("table_lag") Map<String, Long> tableLag,
            String error) {

        static InstanceTimestamps unreachable(String id, String error) {
            return new InstanceTimestamps(id, false, null, null, null, null, error);
        }
    }
}
