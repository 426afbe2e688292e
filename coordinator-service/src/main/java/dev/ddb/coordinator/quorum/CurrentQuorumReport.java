package dev.ddb.coordinator.quorum;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /admin/current-quorum}: the rule STRONG writes use now and what cabinet-service said last. The weights,
 * threshold, ratio, t and cabinet members are those of the last answer, shown even when it is not used.
 *
 * @param source {@code cabinet} or {@code majority (fallback: <reason>)}, as in {@code /status}
 * @param rule the rule in words
 * @param fallbackReason why the majority is used, null when Cabinet's weights are
 * @param master the coordinator's master now
 * @param lastAnswerAt when cabinet-service last answered with weights, null before the first answer
 * @param lastRefreshAttempt when it was last asked, whatever the outcome
 */
public record CurrentQuorumReport(
        String source,
        String rule,
        @JsonProperty("fallback_reason") String fallbackReason,
        String master,
        Map<String, BigDecimal> weights,
        BigDecimal threshold,
        @JsonProperty("total_weight") BigDecimal totalWeight,
        BigDecimal ratio,
        @JsonProperty("failure_threshold") Integer failureThreshold,
        @JsonProperty("cabinet_members") List<String> cabinetMembers,
        @JsonProperty("cabinet_master") String cabinetMaster,
        @JsonProperty("last_answer_at") Instant lastAnswerAt,
        @JsonProperty("last_refresh_attempt") Instant lastRefreshAttempt) {

    static CurrentQuorumReport of(QuorumChoice choice, String master, Instant lastRefreshAttempt) {
        CabinetAnswer answer = choice.lastAnswer();
        if (answer == null) {
            return new CurrentQuorumReport(choice.source(), choice.rule().describe(), choice.fallbackReason(), master,
                    null, null, null, null, null, null, null, null, lastRefreshAttempt);
        }
        WeightedQuorumRule weighted = answer.toRule();
        return new CurrentQuorumReport(choice.source(), choice.rule().describe(), choice.fallbackReason(), master,
                weighted.weights(), answer.threshold(), weighted.totalWeight(), answer.ratio(), answer.failureThreshold(),
                answer.quorum(), answer.master(), choice.answeredAt(), lastRefreshAttempt);
    }
}
