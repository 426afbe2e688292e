package dev.ddb.cabinet.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CabinetTest {

    private static final BigDecimal STEP = new BigDecimal("0.001");

    @Test
    void fourNodesToleratingOneFailureUseThePapersRatioAndWeights() {
        WeightedQuorum quorum = Cabinet.weigh("m", fourNodes(), Set.of());

        assertThat(quorum.failureThreshold()).isEqualTo(1);
        assertThat(quorum.ratio()).isEqualByComparingTo("1.839");
        assertThat(quorum.weights().values()).map(BigDecimal::doubleValue)
                .satisfiesExactly(
                        w -> assertThat(w).isCloseTo(6.22, within(0.005)),
                        w -> assertThat(w).isCloseTo(3.38, within(0.005)),
                        w -> assertThat(w).isCloseTo(1.84, within(0.005)),
                        w -> assertThat(w).isCloseTo(1.00, within(0.005)));
        assertThat(quorum.threshold()).isEqualByComparingTo(quorum.totalWeight().divide(BigDecimal.valueOf(2)));
    }

    @Test
    void fourNodesMasterAndAnyOneReplicaCommitButTheMasterAloneDoesNot() {
        WeightedQuorum quorum = Cabinet.weigh("m", fourNodes(), Set.of());

        assertThat(quorum.isSatisfiedBy(Set.of("m"))).isFalse();
        assertThat(quorum.isSatisfiedBy(Set.of("m", "a"))).isTrue();
        assertThat(quorum.isSatisfiedBy(Set.of("m", "b"))).isTrue();
        assertThat(quorum.isSatisfiedBy(Set.of("m", "c"))).isTrue();
    }

    @Test
    void fourNodesTheThreeReplicasWithoutTheMasterAlsoExceedHalf() {
        WeightedQuorum quorum = Cabinet.weigh("m", fourNodes(), Set.of());

        // The master alone holds less than W/2 (that is the "t heaviest hold less" inequality with
        // t=1), so everyone else holds more: 3.382 + 1.839 + 1 = 6.221 > 6.2203. Cabinet survives
        // the loss of any t nodes, the master included.
        assertThat(quorum.weightOf(Set.of("a", "b", "c"))).isGreaterThan(quorum.threshold());
        assertThat(quorum.isSatisfiedBy(Set.of("a", "b", "c"))).isTrue();
        assertThat(quorum.isSatisfiedBy(Set.of("a", "b"))).isFalse();
    }

    @Test
    void unknownAcknowledgersAddNoWeight() {
        QuorumRule weighted = Cabinet.weigh("m", fourNodes(), Set.of());

        assertThat(weighted.isSatisfiedBy(Set.of("m", "stranger"))).isFalse();
        assertThat(weighted.nodeIds()).containsExactly("m", "a", "b", "c");
    }

    @Test
    void threeNodesBoundaryMasterHoldsJustUnderHalfAndIsNotAQuorumAlone() {
        List<NodeMetrics> nodes = List.of(node("m", 1), node("a", 2), node("b", 3));
        WeightedQuorum quorum = Cabinet.weigh("m", nodes, Set.of());

        assertThat(quorum.ratio()).isEqualByComparingTo("1.618");
        assertThat(quorum.weights().get("m")).isEqualByComparingTo("2.617924");
        assertThat(quorum.threshold().subtract(quorum.weights().get("m"))).isEqualByComparingTo("0.000038");
        assertThat(quorum.isSatisfiedBy(Set.of("m"))).isFalse();
        assertThat(quorum.isSatisfiedBy(Set.of("m", "a"))).isTrue();
        assertThat(quorum.isSatisfiedBy(Set.of("m", "b"))).isTrue();
    }

    @Test
    void sevenNodesToleratingOneFailureMatchAnIndependentlyBisectedRatio() {
        assertRatioIsLargestGridPointBelowTheRoot(7, 1);
        assertThat(Cabinet.ratio(7, 1)).isEqualByComparingTo("1.983");
    }

    @Test
    void sevenNodesToleratingTwoFailuresMatchAnIndependentlyBisectedRatio() {
        assertRatioIsLargestGridPointBelowTheRoot(7, 2);
        assertThat(Cabinet.ratio(7, 2)).isEqualByComparingTo("1.324");
    }

    @Test
    void everyClusterUpToTwentyNodesHasARatioThatSatisfiesBothInequalities() {
        for (int n = 3; n <= 20; n++) {
            for (int t = 1; 2 * t + 1 <= n; t++) {
                BigDecimal r = Cabinet.ratio(n, t);
                assertThat(separates(n, t, r)).as("n=%d t=%d r=%s", n, t, r).isTrue();
                assertThat(r.compareTo(new BigDecimal("2")) == 0 || !separates(n, t, r.add(STEP)))
                        .as("r=%s is the largest grid point for n=%d t=%d", r, n, t).isTrue();
            }
        }
    }

    @Test
    void cabinetMembersAreTheTPlusOneHeaviestNodes() {
        List<NodeMetrics> nodes = List.of(node("m", 9), node("a", 5), node("b", 1), node("c", 3),
                node("d", 2), node("e", 4), node("f", 6));
        WeightedQuorum quorum = Cabinet.weigh("m", nodes, Set.of(), 2);

        assertThat(quorum.cabinet()).containsExactly("m", "b", "d");
        assertThat(quorum.isSatisfiedBy(Set.copyOf(quorum.cabinet()))).isTrue();
        assertThat(quorum.isSatisfiedBy(Set.of("m", "b"))).isFalse();
    }

    @Test
    void defaultFailureThresholdIsTheLargestTWithTwoTPlusOneNodes() {
        assertThat(IntStream.rangeClosed(3, 8).map(Cabinet::defaultFailureThreshold))
                .containsExactly(1, 1, 2, 2, 3, 3);
    }

    @Test
    void failureThresholdBelowOneIsRejected() {
        assertThatThrownBy(() -> Cabinet.weigh("m", fourNodes(), Set.of(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure threshold t must be at least 1, was 0");
    }

    @Test
    void failureThresholdTooLargeForTheClusterIsRejected() {
        assertThatThrownBy(() -> Cabinet.weigh("m", fourNodes(), Set.of(), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("failure threshold t=2 needs at least 5 nodes (2t+1), the cluster has 4");
    }

    @Test
    void twoNodesCannotBeWeighedWithTheDefaultThreshold() {
        assertThatThrownBy(() -> Cabinet.weigh("m", List.of(node("m", 1), node("a", 1)), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 3 nodes");
    }

    private static void assertRatioIsLargestGridPointBelowTheRoot(int n, int t) {
        // Independent of Cabinet's downward search: the t heaviest reach exactly half of W at a root
        // of f(r) = 2*(r^(n-1) + ... + r^(n-t)) - (r^(n-1) + ... + 1), found here by bisection on
        // doubles (f < 0 at r=1, f > 0 at r=2 for these n and t). The answer is the last grid
        // point strictly below that root.
        double low = 1.0;
        double high = 2.0;
        for (int i = 0; i < 200; i++) {
            double mid = (low + high) / 2;
            if (heaviestMinusHalf(n, t, mid) < 0) {
                low = mid;
            } else {
                high = mid;
            }
        }
        BigDecimal expected = BigDecimal.valueOf(Math.ceil(low * 1000) - 1).movePointLeft(3);

        BigDecimal r = Cabinet.ratio(n, t);

        assertThat(r).isEqualByComparingTo(expected);
        assertThat(separates(n, t, r)).isTrue();
        assertThat(separates(n, t, r.add(STEP))).isFalse();
    }

    private static double heaviestMinusHalf(int n, int t, double r) {
        double total = 0;
        double heaviest = 0;
        for (int i = 0; i < n; i++) {
            double w = Math.pow(r, i);
            total += w;
            if (i >= n - t) {
                heaviest += w;
            }
        }
        return 2 * heaviest - total;
    }

    private static boolean separates(int n, int t, BigDecimal r) {
        List<BigDecimal> w = Cabinet.weights(n, r);
        BigDecimal total = w.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal heaviestT = w.subList(0, t).stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal heaviestTPlusOne = heaviestT.add(w.get(t));
        BigDecimal two = BigDecimal.valueOf(2);
        return heaviestT.multiply(two).compareTo(total) < 0 && heaviestTPlusOne.multiply(two).compareTo(total) > 0;
    }

    private static List<NodeMetrics> fourNodes() {
        return List.of(node("m", 1), node("a", 2), node("b", 3), node("c", 4));
    }

    private static NodeMetrics node(String id, double latencyMs) {
        return new NodeMetrics(id, true, latencyMs, 0);
    }
}
