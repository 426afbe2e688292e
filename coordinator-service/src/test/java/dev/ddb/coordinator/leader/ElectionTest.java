package dev.ddb.coordinator.leader;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ElectionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(3);
    private static final Duration JUST_NOW = Duration.ZERO;

    private static Election.Ranked follower(int rank) {
        return new Election.Ranked(rank, new CoordinatorReport("coordinator-" + rank, CoordinatorReport.FOLLOWER, 0, true,
                false, null));
    }

    private static Election.Ranked leader(int rank, long term) {
        return new Election.Ranked(rank, new CoordinatorReport("coordinator-" + rank, CoordinatorReport.LEADER, term, true,
                true, null));
    }

    private static Election.Ranked deposed(int rank) {
        return new Election.Ranked(rank, new CoordinatorReport("coordinator-" + rank, CoordinatorReport.FOLLOWER, 3, false,
                false, null));
    }

    @Test
    void theHighestLiveCoordinatorStands() {
        assertThat(Election.decide(3, true, false, List.of(follower(1), follower(2)), JUST_NOW, PATIENCE))
                .isInstanceOf(Election.Lead.class);
        assertThat(Election.decide(2, true, false, List.of(follower(1), follower(3)), JUST_NOW, PATIENCE))
                .isEqualTo(new Election.Wait("coordinator-3"));
    }

    @Test
    void aDeadHigherCoordinatorDoesNotCount() {
        assertThat(Election.decide(1, true, false, List.of(), JUST_NOW, PATIENCE)).isInstanceOf(Election.Lead.class);
    }

    @Test
    void aCoordinatorThatComesBackFollowsTheLiveLeaderEvenOfLowerRank() {
        Election.Decision decision = Election.decide(3, true, false, List.of(leader(1, 4), follower(2)), JUST_NOW, PATIENCE);

        assertThat(decision).isInstanceOf(Election.Follow.class);
        assertThat(((Election.Follow) decision).leader().id()).isEqualTo("coordinator-1");
    }

    @Test
    void ofTwoCoordinatorsThatSayTheyLeadTheHigherTermIsTheLeader() {
        Election.Decision decision = Election.decide(1, true, false, List.of(leader(2, 4), leader(3, 5)), JUST_NOW, PATIENCE);

        assertThat(((Election.Follow) decision).leader().id()).isEqualTo("coordinator-3");
    }

    @Test
    void aLowerCoordinatorStandsWhenTheHigherOneDoesNotClaimForTooLong() {
        assertThat(Election.decide(1, true, false, List.of(follower(2)), PATIENCE.plusMillis(1), PATIENCE))
                .isInstanceOf(Election.Lead.class);
    }

    @Test
    void aDeposedCoordinatorNeitherStandsNorIsWaitedFor() {
        assertThat(Election.decide(2, false, false, List.of(follower(1)), JUST_NOW, PATIENCE))
                .isInstanceOf(Election.Wait.class);
        assertThat(Election.decide(1, true, false, List.of(deposed(2)), JUST_NOW, PATIENCE))
                .isInstanceOf(Election.Lead.class);
    }

    @Test
    void aLeaderKeepsLeading() {
        assertThat(Election.decide(1, true, true, List.of(follower(2)), JUST_NOW, PATIENCE)).isInstanceOf(Election.Lead.class);
    }
}
