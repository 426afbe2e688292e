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
 */
public record WriteOutcome(String txnId, long timestamp, long rowsAffected, long lastInsertId, String executedOn,
        Consistency consistency, List<String> acknowledgedBy, boolean quorumAchieved) {

    public WriteOutcome {
        acknowledgedBy = List.copyOf(acknowledgedBy);
    }
}
