package dev.ddb.cabinet.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddb.cabinet.quorum.WeightedQuorum;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Answer of {@code POST /select-quorum}. Weights, threshold and total are exact decimals written as JSON numbers with
 * every digit, so a client that reads them as decimals compares exactly as {@link WeightedQuorum#isSatisfiedBy} does.
 *
 * @param quorum           the cabinet: the t+1 heaviest nodes, heaviest first; their acknowledgements always suffice
 * @param quorumSize       t+1
 * @param totalReplicas    how many nodes were weighed, the master included
 * @param weights          every node's weight, heaviest first
 * @param threshold        W/2: a write commits once its acknowledgers' weight exceeds it
 * @param ratio            r, the ratio between neighbouring weights
 * @param failureThreshold t
 * @param master           the node holding the heaviest weight
 * @param totalWeight      W
 */
record SelectQuorumResponse(
        List<String> quorum,
        @JsonProperty("quorum_size") int quorumSize,
        @JsonProperty("total_replicas") int totalReplicas,
        Map<String, BigDecimal> weights,
        BigDecimal threshold,
        BigDecimal ratio,
        @JsonProperty("failure_threshold") int failureThreshold,
        String master,
        @JsonProperty("total_weight") BigDecimal totalWeight) {

    static SelectQuorumResponse of(WeightedQuorum quorum) {
        return new SelectQuorumResponse(quorum.cabinet(), quorum.cabinet().size(), quorum.weights().size(),
                quorum.weights(), quorum.threshold(), quorum.ratio(), quorum.failureThreshold(), quorum.master(),
                quorum.totalWeight());
    }
}
