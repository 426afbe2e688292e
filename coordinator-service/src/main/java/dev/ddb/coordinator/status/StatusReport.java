package dev.ddb.coordinator.status;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import dev.ddb.coordinator.failover.FailoverRecord;
import dev.ddb.coordinator.failover.Rejoin;
import dev.ddb.coordinator.leader.Campaign;
import dev.ddb.coordinator.verify.Divergences;

/**
 * The answer to {@code GET /status}: the seed's fields ({@code current_master}, {@code current_replicas},
 * {@code total_replicas}, {@code replication_mode}) plus the epoch, the master's last timestamp, the quorum
 * rule, where that rule comes from ({@code cabinet} or {@code majority (fallback: <reason>)}) and how well the
 * sequencer batches, every failover this coordinator ran ({@code failovers}, oldest first), and the instances kept
 * out of replication because they hold log entries the master lacks ({@code divergent}), and the tables verification
 * found different from the master's copy on some instance and not yet repaired ({@code divergent_tables}); which
 * coordinator answers ({@code coordinator}), whether it leads ({@code role}: {@code leader} or {@code follower}) and
 * in which leadership {@code term}; which coordinator leads ({@code leader}) and every coordinator of the suite with its
 * role and whether it answers ({@code coordinators}).
 */
public record StatusReport(
        String coordinator,
        String role,
        long term,
        String leader,
        List<Campaign.Member> coordinators,
        @JsonProperty("current_master") Master currentMaster,
        long epoch,
        @JsonProperty("master_last_ts") long masterLastTs,
        @JsonProperty("current_replicas") List<Replica> currentReplicas,
        @JsonProperty("total_replicas") int totalReplicas,
        @JsonProperty("replication_mode") String replicationMode,
        String quorum,
        @JsonProperty("quorum_source") String quorumSource,
        Batching sequencer,
        List<FailoverRecord> failovers,
        List<Rejoin.Divergence> divergent,
        @JsonProperty("divergent_tables") List<Divergences.DivergentTable> divergentTables) {

    public StatusReport {
        coordinators = List.copyOf(coordinators);
        currentReplicas = List.copyOf(currentReplicas);
        failovers = List.copyOf(failovers);
        divergent = List.copyOf(divergent);
        divergentTables = List.copyOf(divergentTables);
    }

    public record Master(String id, String host, int port) {
    }

    /**
     * @param state {@code live}, {@code catching_up}, {@code disconnected} or {@code broken}
     * @param lagMs age of the oldest batch the master committed that this replica has not applied
     * @param lastError the last failure; for a broken replica, why it stopped
     * @param lastApplyMs dequeue-to-commit time of the last shipped batch, absent before the first
     * @param overflows how often the replica fell so far behind that it switched to catching up
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Replica(String id, String host, int port, String state,
            @JsonProperty("applied_ts") long appliedTs,
            @JsonProperty("lag_ms") long lagMs,
            @JsonProperty("last_error") String lastError,
            @JsonProperty("last_apply_ms") Double lastApplyMs,
            long overflows) {
    }

    /** Group commit as it happened: batches run, writes per batch, milliseconds per batch, writes waiting now. */
    public record Batching(long batches,
            @JsonProperty("average_batch_size") double averageBatchSize,
            @JsonProperty("average_batch_ms") double averageBatchMs,
            @JsonProperty("queue_depth") int queueDepth) {
    }
}
