package dev.ddb.coordinator.quorum;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * cabinet-service's answer to {@code POST /select-quorum}. Numbers are read as exact decimals, as they were written.
 * Fields cabinet-service may add later are ignored, so it can grow without breaking coordinators.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CabinetAnswer(
        List<String> quorum,
        @JsonProperty("quorum_size") int quorumSize,
        @JsonProperty("total_replicas") int totalReplicas,
        Map<String, BigDecimal> weights,
        BigDecimal threshold,
        BigDecimal ratio,
        @JsonProperty("failure_threshold") int failureThreshold,
        String master,
        @JsonProperty("total_weight") BigDecimal totalWeight) {

    /** @throws IllegalArgumentException when the answer cannot serve as a quorum rule */
    WeightedQuorumRule toRule() {
        return new WeightedQuorumRule(master, weights == null ? Map.of() : weights, threshold);
    }
}
