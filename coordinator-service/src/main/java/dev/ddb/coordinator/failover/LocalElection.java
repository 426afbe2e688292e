package dev.ddb.coordinator.failover;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The election the coordinator runs itself when seer-service cannot answer: SEER's score and order over what the
 * coordinator measured on its own (latency of a fresh probe, server uptime, lag in timestamps behind the most advanced
 * instance; it counts no crashes). {@code PREFER} before neutral, then higher score, lower lag, and id.
 */
final class LocalElection {

    /** One reachable, not excluded instance as the coordinator sees it. */
    record Candidate(String id, double latencyMs, long uptimeSeconds, long crashCount, long replicationLag, PromotionRule rule) {
    }

    private static final Comparator<Candidate> ORDER = Comparator
            .comparing((Candidate c) -> c.rule() != PromotionRule.PREFER)
            .thenComparing(Comparator.comparingDouble(LocalElection::score).reversed())
            .thenComparingLong(Candidate::replicationLag)
            .thenComparing(Candidate::id);

    private LocalElection() {
    }

    /** The best candidate whose rule is not {@code NEVER}; empty when there is none. */
    static Optional<Candidate> elect(List<Candidate> candidates) {
        return candidates.stream().filter(c -> c.rule() != PromotionRule.NEVER).min(ORDER);
    }

    /** SEER's weighted sum: {@code 0.4/(latency+1) + 0.4 uptime/(uptime + 100 crashes + 1) + 0.2/(lag+1)}. */
    static double score(Candidate c) {
        double latencyScore = 1.0 / (c.latencyMs() + 1);
        double stabilityScore = (double) c.uptimeSeconds() / (c.uptimeSeconds() + 100.0 * c.crashCount() + 1);
        double lagScore = 1.0 / (c.replicationLag() + 1.0);
        return 0.4 * latencyScore + 0.4 * stabilityScore + 0.2 * lagScore;
    }
}
