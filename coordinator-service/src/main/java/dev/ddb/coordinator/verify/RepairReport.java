package dev.ddb.coordinator.verify;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The answer to {@code POST /admin/repair}: for each table, the chunks rewritten from the master's rows, and
 * whether checking them again found the instance equal to the master.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepairReport(boolean success, String instance, String message, List<TableRepair> tables) {

    public RepairReport {
        tables = List.copyOf(tables);
    }

    /**
     * @param remaining chunks still different after the repair (written to since, or the instance not caught up)
     */
    public record TableRepair(String table, List<ChunkRepair> repaired, List<Mismatch> remaining) {

        public TableRepair {
            repaired = List.copyOf(repaired);
            remaining = List.copyOf(remaining);
        }
    }

    /**
     * @param rowsBefore the instance's rows in the chunk when it was found different
     * @param rowsAfter the instance's rows when checked after the repair; null if it was not compared in time
     * @param timestamp the log entry that rewrote the chunk on every instance
     */
    public record ChunkRepair(String lo, String hi,
            @JsonProperty("master_rows") long masterRows,
            @JsonProperty("rows_before") long rowsBefore,
            @JsonProperty("rows_after") Long rowsAfter,
            long timestamp,
            boolean verified) {
    }
}
