package dev.ddb.coordinator.transactions;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One log entry as {@code GET /transactions} shows it.
 *
 * @param timestamp the entry's global timestamp
 * @param statements each statement in order, its bound values written in ({@code LiteralRendering#readable})
 * @param tables what the entry touched, {@code database.table} (a database name for CREATE/DROP DATABASE)
 * @param appliedBy the instances whose {@code applied_ts} has reached the entry, master included
 */
record RecentTransaction(
        @JsonProperty("txn_id") String txnId,
        long timestamp,
        long epoch,
        List<String> statements,
        List<String> tables,
        @JsonProperty("applied_by") List<String> appliedBy) {
}
