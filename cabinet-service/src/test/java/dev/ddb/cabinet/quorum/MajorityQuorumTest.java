package dev.ddb.cabinet.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MajorityQuorumTest {

    private final QuorumRule majorityOfFour = new MajorityQuorum(List.of("m", "a", "b", "c"));

    @Test
    void fourNodesNeedThreeAcknowledgers() {
        assertThat(((MajorityQuorum) majorityOfFour).quorumSize()).isEqualTo(3);
        assertThat(majorityOfFour.isSatisfiedBy(Set.of("m", "a", "c"))).isTrue();
        assertThat(majorityOfFour.isSatisfiedBy(Set.of("m", "a"))).isFalse();
    }

    @Test
    void unknownAcknowledgersCountForNothing() {
        assertThat(majorityOfFour.isSatisfiedBy(Set.of("m", "a", "stranger"))).isFalse();
    }

    @Test
    void masterCountsLikeAnyOtherNode() {
        assertThat(majorityOfFour.isSatisfiedBy(Set.of("a", "b", "c"))).isTrue();
    }
}
