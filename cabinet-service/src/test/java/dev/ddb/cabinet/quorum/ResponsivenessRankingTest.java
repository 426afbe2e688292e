package dev.ddb.cabinet.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponsivenessRankingTest {

    @Test
    void masterIsHeaviestEvenWhenItIsTheSlowestNode() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 90, 0),
                new NodeMetrics("a", true, 1, 0),
                new NodeMetrics("b", true, 2, 0));

        assertThat(ResponsivenessRanking.rank("m", nodes, Set.of())).containsExactly("m", "a", "b");
    }

    @Test
    void slowestReplicaIsRankedLastAndGetsTheSmallestWeight() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 1, 0),
                new NodeMetrics("slow", true, 250, 0),
                new NodeMetrics("a", true, 3, 0),
                new NodeMetrics("b", true, 2, 0));

        WeightedQuorum quorum = Cabinet.weigh("m", nodes, Set.of());

        assertThat(quorum.weights().keySet()).containsExactly("m", "b", "a", "slow");
        assertThat(quorum.weights().get("slow")).isEqualByComparingTo("1");
    }

    @Test
    void replicationLagCountsAgainstAReplicaLikeLatency() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 1, 0),
                new NodeMetrics("lagging", true, 1, 500),
                new NodeMetrics("a", true, 5, 0),
                new NodeMetrics("b", true, 6, 0));

        assertThat(ResponsivenessRanking.rank("m", nodes, Set.of())).containsExactly("m", "a", "b", "lagging");
    }

    @Test
    void observedApplyLatencyOutweighsAFastPollWhenItIsLarger() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 1, 0),
                new NodeMetrics("fast-poll-slow-apply", true, 1, 0, 40.0),
                new NodeMetrics("a", true, 5, 0, 6.0),
                new NodeMetrics("b", true, 10, 0, 2.0));

        assertThat(ResponsivenessRanking.rank("m", nodes, Set.of()))
                .containsExactly("m", "a", "b", "fast-poll-slow-apply");
    }

    @Test
    void unhealthyReplicaGetsTheSmallestWeightWhateverItsStaleLatency() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 1, 0),
                new NodeMetrics("down", false, 0, 0),
                new NodeMetrics("a", true, 30, 10),
                new NodeMetrics("b", true, 40, 10));

        WeightedQuorum quorum = Cabinet.weigh("m", nodes, Set.of());

        assertThat(quorum.weights().keySet()).containsExactly("m", "a", "b", "down");
        assertThat(quorum.weights().get("down")).isEqualByComparingTo("1");
        assertThat(quorum.cabinet()).doesNotContain("down");
    }

    @Test
    void excludedReplicaIsWeighedLikeAnUnhealthyOne() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 1, 0),
                new NodeMetrics("a", true, 1, 0),
                new NodeMetrics("b", true, 2, 0),
                new NodeMetrics("c", true, 3, 0));

        assertThat(ResponsivenessRanking.rank("m", nodes, Set.of("a"))).containsExactly("m", "b", "c", "a");
    }

    @Test
    void equalResponsivenessAndUnavailableReplicasAreOrderedById() {
        List<NodeMetrics> nodes = List.of(
                new NodeMetrics("m", true, 1, 0),
                new NodeMetrics("z-down", false, 1, 0),
                new NodeMetrics("c", true, 4, 0),
                new NodeMetrics("a-down", false, 9, 0),
                new NodeMetrics("b", true, 4, 0));

        assertThat(ResponsivenessRanking.rank("m", nodes, Set.of()))
                .containsExactly("m", "b", "c", "a-down", "z-down");
    }

    @Test
    void masterMissingFromTheNodesIsRejected() {
        List<NodeMetrics> nodes = List.of(new NodeMetrics("a", true, 1, 0));

        assertThatThrownBy(() -> ResponsivenessRanking.rank("m", nodes, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("master m is not among the nodes");
    }

    @Test
    void duplicateNodeIdsAreRejected() {
        List<NodeMetrics> nodes = List.of(new NodeMetrics("m", true, 1, 0), new NodeMetrics("m", true, 2, 0));

        assertThatThrownBy(() -> ResponsivenessRanking.rank("m", nodes, Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("m appears twice");
    }

    @Test
    void negativeLatencyIsRejectedWithTheNodeNamed() {
        assertThatThrownBy(() -> new NodeMetrics("a", true, -1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("latency_ms of a");
    }
}
