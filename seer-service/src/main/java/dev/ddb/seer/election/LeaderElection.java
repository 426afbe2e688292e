package dev.ddb.seer.election;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Performance-aware election after SEER (arXiv 2104.01355), simplified to one score per instance:
 * {@code 0.4 * 1/(latency_ms + 1) + 0.4 * uptime/(uptime + 100 * crashes + 1) + 0.2 * 1/(lag + 1)}.
 *
 * <p>Eligible are healthy, not excluded instances whose promotion rule is not {@code NEVER} and
 * which are not the master being replaced. Among them the order is:
 * <ol>
 *   <li>{@code PREFER} before {@code NEUTRAL}: the rule is an operator's decision (a replica on
 *       better hardware, in the right zone) that a few points of score must not overturn; a
 *       preferred candidate that is far behind is caught up before promotion anyway;</li>
 *   <li>higher score;</li>
 *   <li>lower replication lag, since it needs the shortest catch-up;</li>
 *   <li>id, so equal inputs always elect the same instance.</li>
 * </ol>
 */
public final class LeaderElection {

    private static final Comparator<CandidateMetrics> ELECTION_ORDER = Comparator
            .comparing((CandidateMetrics c) -> c.promotionRule() != PromotionRule.PREFER)
            .thenComparing(Comparator.comparingDouble(LeaderElection::score).reversed())
            .thenComparingLong(CandidateMetrics::replicationLag)
            .thenComparing(CandidateMetrics::id);

    private LeaderElection() {
    }

    /**
     * Elects the best eligible instance.
     *
     * @param excluded ids the caller rules out; ids that are not candidates are ignored
     * @throws NoEligibleCandidateException when no instance is eligible
     */
    public static Election elect(Collection<CandidateMetrics> instances, Set<String> excluded) {
        requireUniqueIds(instances);
        List<CandidateMetrics> eligible = instances.stream()
                .filter(c -> ineligibility(c, excluded).isEmpty())
                .sorted(ELECTION_ORDER)
                .toList();
        List<Candidate> candidates = new ArrayList<>();
        eligible.forEach(c -> candidates.add(new Candidate(c.id(), score(c), true, null)));
        instances.stream()
                .sorted(Comparator.comparing(CandidateMetrics::id))
                .forEach(c -> ineligibility(c, excluded).ifPresent(
                        why -> candidates.add(new Candidate(c.id(), score(c), false, why.reason()))));
        if (eligible.isEmpty()) {
            throw new NoEligibleCandidateException(candidates);
        }
        CandidateMetrics winner = eligible.get(0);
        Leader leader = new Leader(winner.id(), score(winner), winner.latencyMs(), winner.uptimeSeconds(),
                winner.replicationLag(), winner.crashCount());
        return new Election(leader, candidates);
    }

    /** The weighted sum of latency, stability and lag scores, each in [0, 1]. */
    public static double score(CandidateMetrics c) {
        double latencyScore = 1.0 / (c.latencyMs() + 1);
        double stabilityScore = (double) c.uptimeSeconds() / (c.uptimeSeconds() + 100.0 * c.crashCount() + 1);
        double lagScore = 1.0 / (c.replicationLag() + 1.0);
        return 0.4 * latencyScore + 0.4 * stabilityScore + 0.2 * lagScore;
    }

    /** The first reason, in {@link Ineligibility} order, that rules the candidate out. */
    private static Optional<Ineligibility> ineligibility(CandidateMetrics c, Set<String> excluded) {
        if (c.failedMaster()) {
            return Optional.of(Ineligibility.FAILED_MASTER);
        }
        if (excluded.contains(c.id())) {
            return Optional.of(Ineligibility.EXCLUDED);
        }
        if (!c.healthy()) {
            return Optional.of(Ineligibility.UNHEALTHY);
        }
        if (c.promotionRule() == PromotionRule.NEVER) {
            return Optional.of(Ineligibility.PROMOTION_RULE_NEVER);
        }
        return Optional.empty();
    }

    private static void requireUniqueIds(Collection<CandidateMetrics> instances) {
        Set<String> ids = new HashSet<>();
        for (CandidateMetrics c : instances) {
            if (!ids.add(c.id())) {
                throw new IllegalArgumentException("candidate ids must be unique, " + c.id() + " appears twice");
            }
        }
    }
}
