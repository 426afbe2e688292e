package dev.ddb.seer.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddb.seer.election.Election;
import dev.ddb.seer.election.Leader;
import java.util.List;
import java.util.Set;

/**
 * The answer of {@code POST /elect-leader}: the leader's id, score and the metrics it won on, then every instance.
 *
 * @param candidates the eligible instances in the order they would be elected (the leader first), then the others
 *                   by id with the reason each was passed over
 */
public record ElectionResponse(
        @JsonProperty("leader_id") String leaderId,
        double score,
        @JsonProperty("latency_ms") double latencyMs,
        @JsonProperty("uptime_seconds") long uptimeSeconds,
        @JsonProperty("replication_lag") long replicationLag,
        @JsonProperty("crash_count") long crashCount,
        List<CandidateView> candidates) {

    static ElectionResponse of(Election election, Set<String> unmeasured) {
        Leader leader = election.leader();
        return new ElectionResponse(leader.id(), leader.score(), leader.latencyMs(), leader.uptimeSeconds(),
                leader.replicationLag(), leader.crashCount(), CandidateView.of(election.candidates(), unmeasured));
    }
}
