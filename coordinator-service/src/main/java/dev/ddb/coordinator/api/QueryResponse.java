package dev.ddb.coordinator.api;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The answer to {@code POST /query}; fields that do not apply to a read or a write are left out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record QueryResponse(
        boolean success,
        String message,
        @JsonProperty("txn_id") String txnId,
        Long timestamp,
        @JsonProperty("rows_affected") Long rowsAffected,
        @JsonProperty("last_insert_id") Long lastInsertId,
        List<Map<String, Object>> data,
        @JsonProperty("row_count") Integer rowCount,
        Boolean truncated,
        @JsonProperty("executed_on") String executedOn,
        @JsonProperty("consistency_level") String consistencyLevel,
        @JsonProperty("latency_ms") double latencyMs,
        @JsonProperty("quorum_achieved") Boolean quorumAchieved,
        @JsonProperty("acknowledged_by") List<String> acknowledgedBy,
        String gtid) {

    /** An answer without a GTID: a read, or a write of the timestamp-log mode. */
    public QueryResponse(boolean success, String message, String txnId, Long timestamp, Long rowsAffected,
            Long lastInsertId, List<Map<String, Object>> data, Integer rowCount, Boolean truncated, String executedOn,
            String consistencyLevel, double latencyMs, Boolean quorumAchieved, List<String> acknowledgedBy) {
        this(success, message, txnId, timestamp, rowsAffected, lastInsertId, data, rowCount, truncated, executedOn,
                consistencyLevel, latencyMs, quorumAchieved, acknowledgedBy, null);
    }
}
