package dev.ddb.seer.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ddb.seer.election.CandidateMetrics;
import dev.ddb.seer.election.PromotionRule;
import dev.ddb.seer.election.PromotionRules;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** metrics-service's {@code GET /metrics} answer: every instance, the master included. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricsReport(List<ReplicaReport> replicas) {

    /**
     * Refuses an answer the election must not run on: no instances, an entry without id, health or role, an id twice,
     * a negative number, or an instance the election could pick that lacks a number.
     *
     * @throws InvalidMetricsReportException naming the first problem found
     */
    void requireUsable() {
        if (replicas == null) {
            throw new InvalidMetricsReportException("it has no \"replicas\" list");
        }
        if (replicas.isEmpty()) {
            throw new InvalidMetricsReportException("it lists no instances");
        }
        Set<String> ids = new HashSet<>();
        for (ReplicaReport replica : replicas) {
            if (replica == null || replica.replicaId() == null || replica.replicaId().isBlank()) {
                throw new InvalidMetricsReportException("an entry has no replica_id");
            }
            String id = replica.replicaId();
            if (!ids.add(id)) {
                throw new InvalidMetricsReportException(id + " is listed twice");
            }
            if (replica.healthy() == null || replica.master() == null) {
                throw new InvalidMetricsReportException(id + " comes without is_healthy or is_master");
            }
            if (replica.electable() && !replica.measured()) {
                throw new InvalidMetricsReportException(id + " is healthy but comes without "
                        + String.join(", ", replica.missingNumbers()));
            }
            try {
                replica.toCandidate(PromotionRule.NEUTRAL);
            } catch (IllegalArgumentException e) {
                throw new InvalidMetricsReportException(e.getMessage());
            }
        }
    }

    /** Every instance as an election candidate under the operator's rules. */
    public List<CandidateMetrics> candidates(PromotionRules rules) {
        return replicas.stream().map(r -> r.toCandidate(rules.ruleFor(r.replicaId()))).toList();
    }

    /** Instances that came without some number; they are never electable, and their score means nothing. */
    public Set<String> unmeasured() {
        return replicas.stream().filter(r -> !r.measured()).map(ReplicaReport::replicaId).collect(Collectors.toSet());
    }
}
