package dev.ddb.seer.election;

import static dev.ddb.seer.election.PromotionRule.NEUTRAL;
import static dev.ddb.seer.election.PromotionRule.NEVER;
import static dev.ddb.seer.election.PromotionRule.PREFER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LeaderElectionTest {

    @Test
    void scoreWeighsLatencyStabilityAndLagAsHandComputed() {
        // 0.4 * 1/5 + 0.4 * 999/1000 + 0.2 * 1/2 = 0.08 + 0.3996 + 0.1
        assertThat(LeaderElection.score(neutral("a", 4, 999, 0, 1))).isCloseTo(0.5796, within(1e-12));
        // 0.4 * 1/10 + 0.4 * 99/(99 + 100 + 1) + 0.2 * 1/1 = 0.04 + 0.198 + 0.2
        assertThat(LeaderElection.score(neutral("b", 9, 99, 1, 0))).isCloseTo(0.438, within(1e-12));
        // a server that has just started has no stability yet: 0.4 * 1 + 0 + 0.2 * 1
        assertThat(LeaderElection.score(neutral("c", 0, 0, 0, 0))).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void highestScoreWinsAndTheLeaderCarriesItsMetrics() {
        Election election = LeaderElection.elect(List.of(
                neutral("instance-2", 9, 99, 1, 0),
                neutral("instance-3", 4, 999, 0, 1),
                failedMaster("instance-1")), Set.of());

        assertThat(election.leader()).isEqualTo(new Leader("instance-3", LeaderElection.score(
                neutral("instance-3", 4, 999, 0, 1)), 4, 999, 1, 0));
        assertThat(election.candidates()).extracting(Candidate::id, Candidate::eligible, Candidate::reason)
                .containsExactly(
                        tuple("instance-3", true, null),
                        tuple("instance-2", true, null),
                        tuple("instance-1", false, "failed master"));
        assertThat(election.candidates().get(1).score()).isCloseTo(0.438, within(1e-12));
    }

    @Test
    void excludedReplicaIsNotElectedAndSaysWhy() {
        Election election = LeaderElection.elect(List.of(
                neutral("best", 0, 1000, 0, 0),
                neutral("other", 50, 10, 3, 40)), Set.of("best"));

        assertThat(election.leader().id()).isEqualTo("other");
        assertThat(candidate(election, "best")).isEqualTo(new Candidate("best",
                LeaderElection.score(neutral("best", 0, 1000, 0, 0)), false, "excluded"));
    }

    @Test
    void replicaWhosePromotionRuleIsNeverIsNotElected() {
        Election election = LeaderElection.elect(List.of(
                new CandidateMetrics("best", true, 0, 1000, 0, 0, NEVER, false),
                neutral("other", 50, 10, 3, 40)), Set.of());

        assertThat(election.leader().id()).isEqualTo("other");
        assertThat(candidate(election, "best").reason()).isEqualTo("promotion rule is never");
    }

    @Test
    void unhealthyReplicaIsNotElected() {
        Election election = LeaderElection.elect(List.of(
                new CandidateMetrics("best", false, 0, 1000, 0, 0, PREFER, false),
                neutral("other", 50, 10, 3, 40)), Set.of());

        assertThat(election.leader().id()).isEqualTo("other");
        assertThat(candidate(election, "best").reason()).isEqualTo("unhealthy");
    }

    @Test
    void failedMasterIsNeverElectedEvenWithTheBestMetrics() {
        Election election = LeaderElection.elect(List.of(
                new CandidateMetrics("old-master", true, 0, 100_000, 0, 0, PREFER, true),
                neutral("replica", 80, 5, 2, 300)), Set.of());

        assertThat(election.leader().id()).isEqualTo("replica");
        assertThat(candidate(election, "old-master").reason()).isEqualTo("failed master");
    }

    @Test
    void noEligibleCandidateFailsWithEveryReason() {
        List<CandidateMetrics> instances = List.of(
                failedMaster("instance-1"),
                new CandidateMetrics("instance-2", false, 1, 10, 0, 0, NEUTRAL, false),
                neutral("instance-3", 1, 10, 0, 0),
                new CandidateMetrics("instance-4", true, 1, 10, 0, 0, NEVER, false));

        assertThatThrownBy(() -> LeaderElection.elect(instances, Set.of("instance-3")))
                .isInstanceOfSatisfying(NoEligibleCandidateException.class, e -> {
                    assertThat(e.candidates()).extracting(Candidate::reason).containsExactly(
                            "failed master", "unhealthy", "excluded", "promotion rule is never");
                    assertThat(e.candidates()).noneMatch(Candidate::eligible);
                })
                .hasMessage("no eligible candidate to elect: instance-1 (failed master), instance-2 (unhealthy), "
                        + "instance-3 (excluded), instance-4 (promotion rule is never)");
    }

    @Test
    void electionWithoutInstancesFailsSayingSo() {
        assertThatThrownBy(() -> LeaderElection.elect(List.of(), Set.of()))
                .isInstanceOf(NoEligibleCandidateException.class)
                .hasMessageContaining("given no instances");
    }

    @Test
    void equalScoresGoToTheLowerLag() {
        // 0.4/4 + 0.4*0.99 + 0.2/2 and 0.4/3 + 0.4*0.99 + 0.2/3 are both 0.596, to the last bit.
        CandidateMetrics lessLag = neutral("b", 3, 99, 0, 1);
        CandidateMetrics moreLagLowerId = neutral("a", 2, 99, 0, 2);
        assertThat(LeaderElection.score(lessLag)).isEqualTo(LeaderElection.score(moreLagLowerId));

        assertThat(LeaderElection.elect(List.of(moreLagLowerId, lessLag), Set.of()).leader().id()).isEqualTo("b");
    }

    @Test
    void identicalCandidatesGoToTheLowestIdWhateverTheInputOrder() {
        CandidateMetrics two = neutral("instance-2", 2, 500, 1, 3);
        CandidateMetrics three = neutral("instance-3", 2, 500, 1, 3);
        CandidateMetrics four = neutral("instance-4", 2, 500, 1, 3);

        for (List<CandidateMetrics> order : List.of(List.of(four, two, three), List.of(three, four, two))) {
            assertThat(LeaderElection.elect(order, Set.of()).candidates())
                    .extracting(Candidate::id).containsExactly("instance-2", "instance-3", "instance-4");
        }
    }

    @Test
    void preferredCandidateWinsOverABetterScoringNeutralOne() {
        Election election = LeaderElection.elect(List.of(
                neutral("fast", 0, 10_000, 0, 0),
                new CandidateMetrics("preferred", true, 40, 100, 1, 20, PREFER, false)), Set.of());

        assertThat(election.leader().id()).isEqualTo("preferred");
        assertThat(election.candidates().get(1).score()).isGreaterThan(election.leader().score());
    }

    @Test
    void amongPreferredCandidatesTheScoreDecides() {
        Election election = LeaderElection.elect(List.of(
                new CandidateMetrics("slow", true, 40, 100, 1, 20, PREFER, false),
                new CandidateMetrics("quick", true, 1, 100, 1, 20, PREFER, false),
                neutral("fastest-neutral", 0, 10_000, 0, 0)), Set.of());

        assertThat(election.candidates()).extracting(Candidate::id)
                .containsExactly("quick", "slow", "fastest-neutral");
    }

    @Test
    void duplicateCandidateIdsAreRejected() {
        assertThatThrownBy(() -> LeaderElection.elect(
                List.of(neutral("a", 1, 1, 0, 0), neutral("a", 2, 1, 0, 0)), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a appears twice");
    }

    @Test
    void negativeMetricsAreRejectedWithTheInstanceNamed() {
        assertThatThrownBy(() -> neutral("instance-2", 1, 10, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("crash_count of instance-2 must not be negative, was -1");
    }

    private static Candidate candidate(Election election, String id) {
        return election.candidates().stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static CandidateMetrics neutral(String id, double latencyMs, long uptime, long crashes, long lag) {
        return new CandidateMetrics(id, true, latencyMs, uptime, crashes, lag, NEUTRAL, false);
    }

    private static CandidateMetrics failedMaster(String id) {
        return new CandidateMetrics(id, false, 0, 0, 1, 0, NEUTRAL, true);
    }
}
