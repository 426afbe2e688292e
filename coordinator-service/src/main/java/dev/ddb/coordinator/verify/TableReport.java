package dev.ddb.coordinator.verify;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One table's verification: how many chunks and master rows were compared, and every chunk that differed.
 *
 * @param wholeTable true when the table has no primary key fit for chunks, so it was checked as one chunk
 * @param unavailable instances left out of at least one chunk because they had not applied its checksum in time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TableReport(String table, int chunks, long rows,
        @JsonProperty("whole_table") Boolean wholeTable,
        List<Mismatch> mismatches,
        List<String> unavailable) {

    public TableReport {
        mismatches = List.copyOf(mismatches);
        unavailable = List.copyOf(unavailable);
    }
}
