package dev.ddb.coordinator.verify;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The state of one {@code POST /admin/verify}: {@code running} with the tables done so far, then {@code done}, or
 * {@code failed} with the reason (the master was unreachable, say), which leaves the tables done before it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VerificationReport(String id, String state, List<TableReport> tables, String error) {

    public VerificationReport {
        tables = List.copyOf(tables);
    }

    /** Whether the run finished and found every compared chunk equal. */
    public boolean consistent() {
        return "done".equals(state) && tables.stream().allMatch(table -> table.mismatches().isEmpty());
    }
}
