package dev.ddb.coordinator.sequencer;

import java.util.List;

/**
 * A write that committed.
 *
 * @param timestamp its place in the global order
 * @param rowsAffected summed over its statements
 * @param lastInsertId the first AUTO_INCREMENT value its last generating statement produced, 0 if none
 * @param executedOn the master it ran on
 * @param acknowledgedBy the replicas that had applied it when the client was answered (STRONG)
 * @param gtid in the binlog mode, the GTID the master's binary log gave it ({@code timestamp} is its sequence
 *     number); null in the timestamp-log mode
 */
public record WriteOutcome(String txnId, long timestamp, long rowsAffected, long lastInsertId, String executedOn,
        Consistency consistency, List<String> acknowledgedBy, boolean quorumAchieved, String gtid) {

    public WriteOutcome {
        acknowledgedBy = List.copyOf(acknowledgedBy);
    }

    /** A write of the timestamp log, which has no GTID. */
    public WriteOutcome(String txnId, long timestamp, long rowsAffected, long lastInsertId, String executedOn,
            Consistency consistency, List<String> acknowledgedBy, boolean quorumAchieved) {
        this(txnId, timestamp, rowsAffected, lastInsertId, executedOn, consistency, acknowledgedBy, quorumAchieved, null);
    }
}
