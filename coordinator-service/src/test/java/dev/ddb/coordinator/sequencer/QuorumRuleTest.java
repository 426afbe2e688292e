package dev.ddb.coordinator.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class QuorumRuleTest {

    private final Set<String> replicas = new LinkedHashSet<>(Set.of("instance-2", "instance-3", "instance-4"));
    private final QuorumRule majority = QuorumRule.majorityOf(replicas);

    @Test
    void aMajorityOfThreeReplicasIsTwoOfThem() {
        assertThat(majority.isSatisfiedBy(Set.of("instance-2"))).isFalse();
        assertThat(majority.isSatisfiedBy(Set.of("instance-2", "instance-4"))).isTrue();
        assertThat(majority.describe()).isEqualTo("majority: 2 of 3 replicas");
    }

    @Test
    void replicasThatLeftTheSetStillCountButTheirAcknowledgementsDoNot() {
        replicas.remove("instance-3");
        replicas.remove("instance-4");

        assertThat(majority.isSatisfiedBy(Set.of("instance-2"))).isFalse();
        assertThat(majority.isSatisfiedBy(Set.of("instance-2", "instance-3"))).isFalse();
        assertThat(majority.describe()).isEqualTo("majority: 2 of 3 replicas (1 in the replica set now)");
    }
}
