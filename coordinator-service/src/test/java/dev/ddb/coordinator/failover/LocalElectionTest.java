package dev.ddb.coordinator.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.failover.LocalElection.Candidate;

class LocalElectionTest {

    @Test
    void scoreWeighsLatencyStabilityAndLagAsSeerDoes() {
        Candidate c = new Candidate("instance-2", 4, 900, 1, 9, PromotionRule.NEUTRAL);

        // 0.4 * 1/5 + 0.4 * 900/1001 + 0.2 * 1/10
        assertThat(LocalElection.score(c)).isCloseTo(0.08 + 0.4 * 900.0 / 1001 + 0.02, within(1e-12));
    }

    @Test
    void highestScoreWinsAmongNeutralCandidates() {
        Candidate slow = new Candidate("instance-2", 40, 1000, 0, 0, PromotionRule.NEUTRAL);
        Candidate fast = new Candidate("instance-3", 1, 1000, 0, 0, PromotionRule.NEUTRAL);

        assertThat(LocalElection.elect(List.of(slow, fast))).map(Candidate::id).contains("instance-3");
    }

    @Test
    void preferredCandidateWinsOverABetterScoreAndNeverIsNeverElected() {
        Candidate best = new Candidate("instance-2", 1, 1000, 0, 0, PromotionRule.NEVER);
        Candidate good = new Candidate("instance-3", 1, 1000, 0, 5, PromotionRule.NEUTRAL);
        Candidate preferred = new Candidate("instance-4", 30, 10, 2, 50, PromotionRule.PREFER);

        assertThat(LocalElection.elect(List.of(best, good, preferred))).map(Candidate::id).contains("instance-4");
        assertThat(LocalElection.elect(List.of(best, good))).map(Candidate::id).contains("instance-3");
        assertThat(LocalElection.elect(List.of(best))).isEmpty();
    }

    @Test
    void equalScoresAreBrokenByLagThenById() {
        Candidate b = new Candidate("instance-b", 2, 100, 0, 0, PromotionRule.NEUTRAL);
        Candidate a = new Candidate("instance-a", 2, 100, 0, 0, PromotionRule.NEUTRAL);

        assertThat(LocalElection.elect(List.of(b, a))).map(Candidate::id).contains("instance-a");
    }
}
