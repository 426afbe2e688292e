package dev.ddb.coordinator.read;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The answer to one read.
 *
 * @param rows one map per row, keyed by column label in column order, values JSON-friendly
 * @param truncated the statement had more rows than the row limit; {@code rows} holds the first ones
 * @param executedOn the instance that answered
 * @param latencyMs how long the answering instance took, from borrowing a connection to the last row
 */
public record ReadResult(List<Map<String, Object>> rows, boolean truncated, String executedOn, double latencyMs) {

    public ReadResult {
        rows = Collections.unmodifiableList(rows);
    }
}
