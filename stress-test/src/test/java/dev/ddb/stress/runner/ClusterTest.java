package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the binlog mode counts the cluster converged, from each reachable instance's binary log position. */
class ClusterTest {

    @Test
    void everyReachableInstanceAtTheMastersPositionIsConverged() {
        assertThat(Cluster.behindTheMaster("instance-1", Map.of("instance-1", 42L, "instance-2", 42L))).isEmpty();
    }

    @Test
    void aReplicaShortOfTheMasterIsBehind() {
        assertThat(Cluster.behindTheMaster("instance-1", Map.of("instance-1", 42L, "instance-2", 40L)))
                .containsExactly(Map.entry("instance-2", "binary log at 40, master at 42"));
    }

    @Test
    void aReplicaPastTheMasterIsNotConvergedEither() {
        assertThat(Cluster.behindTheMaster("instance-1", Map.of("instance-1", 42L, "instance-3", 43L)))
                .containsOnlyKeys("instance-3");
    }

    @Test
    void withoutTheMastersPositionThereIsNothingToConvergeOn() {
        assertThat(Cluster.behindTheMaster("instance-1", Map.of("instance-2", 42L)))
                .containsExactly(Map.entry("instance-1", "the master's binary log position could not be read"));
    }
}
