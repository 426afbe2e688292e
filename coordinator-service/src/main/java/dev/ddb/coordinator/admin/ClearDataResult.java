package dev.ddb.coordinator.admin;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code POST /admin/clear-data}.
 *
 * @param tables the tables emptied, in the order they were emptied
 * @param timestamp the log entry that emptied them; absent when there was no table
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClearDataResult(boolean success, String message, List<String> tables, Long timestamp,
        @JsonProperty("rows_deleted") Long rowsDeleted,
        @JsonProperty("txn_id") String txnId,
        @JsonProperty("acknowledged_by") List<String> acknowledgedBy) {

    public ClearDataResult {
        tables = List.copyOf(tables);
        acknowledgedBy = acknowledgedBy == null ? null : List.copyOf(acknowledgedBy);
    }
}
