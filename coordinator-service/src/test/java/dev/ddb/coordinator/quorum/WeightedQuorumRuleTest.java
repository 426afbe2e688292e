package dev.ddb.coordinator.quorum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WeightedQuorumRuleTest {

    /** n = 4, t = 1, r = 1.839: the paper's weights, as cabinet-service sends them. */
    private static final WeightedQuorumRule PAPER_N4 = new WeightedQuorumRule("instance-1", weights(
            "instance-1", "6.219352719", "instance-2", "3.381921", "instance-4", "1.839", "instance-3", "1"),
            new BigDecimal("6.2201368595"));

    /** n = 3, t = 1, r = 1.618: the master alone holds 2.617924 against a threshold of 2.617962. */
    private static final WeightedQuorumRule BOUNDARY_N3 = new WeightedQuorumRule("instance-1", weights(
            "instance-1", "2.617924", "instance-2", "1.618", "instance-3", "1"), new BigDecimal("2.617962"));

    @Test
    void masterAloneIsNoQuorumWithFourNodes() {
        assertThat(PAPER_N4.isSatisfiedBy(Set.of())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"instance-2", "instance-3", "instance-4"})
    void masterAndAnyOneReplicaAreAQuorumWithFourNodes(String replica) {
        assertThat(PAPER_N4.isSatisfiedBy(Set.of(replica))).isTrue();
    }

    @Test
    void masterAloneStaysBelowTheThresholdItAlmostEqualsWithThreeNodes() {
        assertThat(BOUNDARY_N3.isSatisfiedBy(Set.of())).isFalse();
        assertThat(BOUNDARY_N3.isSatisfiedBy(Set.of("instance-3"))).isTrue();
    }

    @Test
    void weightExactlyAtTheThresholdIsNoQuorum() {
        WeightedQuorumRule rule = new WeightedQuorumRule("a", weights("a", "2", "b", "1", "c", "1"), new BigDecimal("2"));

        assertThat(rule.isSatisfiedBy(Set.of())).isFalse();
        assertThat(rule.isSatisfiedBy(Set.of("b"))).isTrue();
    }

    @Test
    void unknownReplicasAndTheMasterItselfAddNoWeight() {
        assertThat(PAPER_N4.isSatisfiedBy(Set.of("instance-9", "instance-1"))).isFalse();
        assertThat(PAPER_N4.weightWith(Set.of("instance-1", "instance-9"))).isEqualByComparingTo("6.219352719");
    }

    @Test
    void describeRoundsThresholdTotalAndWeightsHeaviestFirst() {
        assertThat(PAPER_N4.describe()).isEqualTo(
                "cabinet: weight > 6.2201 of 12.4403 (instance-1 6.219, instance-2 3.382, instance-4 1.839, instance-3 1)");
    }

    @Test
    void thresholdBelowHalfTheTotalIsRejectedBecauseTwoQuorumsCouldMissEachOther() {
        assertThatThrownBy(() -> new WeightedQuorumRule("a", weights("a", "2", "b", "1", "c", "2"), new BigDecimal("2")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below half");
    }

    @Test
    void masterWithoutAWeightIsRejected() {
        assertThatThrownBy(() -> new WeightedQuorumRule("z", weights("a", "2", "b", "1"), new BigDecimal("1.5")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("master z has no weight");
    }

    private static Map<String, BigDecimal> weights(String... idsAndWeights) {
        Map<String, BigDecimal> weights = new LinkedHashMap<>();
        for (int i = 0; i < idsAndWeights.length; i += 2) {
            weights.put(idsAndWeights[i], new BigDecimal(idsAndWeights[i + 1]));
        }
        return weights;
    }
}
