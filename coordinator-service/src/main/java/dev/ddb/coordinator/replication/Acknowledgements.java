package dev.ddb.coordinator.replication;

import java.util.Set;

/**
 * Which replicas had applied a shipped batch when the wait ended.
 *
 * @param acknowledgedBy replica ids whose {@code applied_ts} reached the batch's last ts
 * @param quorumReached whether the caller's quorum rule accepted that set before the timeout
 */
public record Acknowledgements(Set<String> acknowledgedBy, boolean quorumReached) {

    public Acknowledgements {
        acknowledgedBy = Set.copyOf(acknowledgedBy);
    }
}
