package dev.ddb.cabinet.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.cabinet.metrics.ClusterView;
import dev.ddb.cabinet.quorum.NodeMetrics;
import dev.ddb.cabinet.quorum.WeightedQuorum;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CurrentWeightsTest {

    @Test
    void blankFailureThresholdUsesTheLargestTForTheNodeCount() {
        WeightedQuorum quorum = new CurrentWeights(() -> cluster(5), null).weigh(Set.of());

        assertThat(quorum.failureThreshold()).isEqualTo(2);
        assertThat(quorum.cabinet()).hasSize(3);
    }

    @Test
    void configuredFailureThresholdIsUsed() {
        WeightedQuorum quorum = new CurrentWeights(() -> cluster(7), 1).weigh(Set.of());

        assertThat(quorum.failureThreshold()).isEqualTo(1);
        assertThat(quorum.ratio()).isEqualByComparingTo("1.983");
    }

    @Test
    void configuredFailureThresholdTooLargeForTheClusterIsRejectedWithTheInstancesNamed() {
        CurrentWeights weights = new CurrentWeights(() -> cluster(4), 2);

        assertThatThrownBy(() -> weights.weigh(Set.of()))
                .isInstanceOf(ClusterTooSmallException.class)
                .hasMessage("failure threshold t=2 needs at least 5 nodes (2t+1), the cluster has 4"
                        + " (instances: [instance-1, instance-2, instance-3, instance-4])");
    }

    @Test
    void twoNodesAreTooFewForCabinet() {
        assertThatThrownBy(() -> new CurrentWeights(() -> cluster(2), null).weigh(Set.of()))
                .isInstanceOf(ClusterTooSmallException.class)
                .hasMessageStartingWith("Cabinet needs at least 3 nodes to tolerate one failure, the cluster has 2");
    }

    @Test
    void theMasterCannotBeExcluded() {
        assertThatThrownBy(() -> new CurrentWeights(() -> cluster(4), null).weigh(Set.of("instance-1")))
                .isInstanceOf(InvalidExclusionException.class)
                .hasMessageContaining("instance-1: it is the master");
    }

    @Test
    void excludingAnInstanceTheClusterLacksIsRejected() {
        assertThatThrownBy(() -> new CurrentWeights(() -> cluster(4), null).weigh(Set.of("instance-2", "ghost")))
                .isInstanceOf(InvalidExclusionException.class)
                .hasMessage("cannot exclude [ghost]: metrics-service knows only"
                        + " [instance-1, instance-2, instance-3, instance-4]");
    }

    private static ClusterView cluster(int nodes) {
        List<NodeMetrics> metrics = IntStream.rangeClosed(1, nodes)
                .mapToObj(i -> new NodeMetrics("instance-" + i, true, i, 0))
                .toList();
        return new ClusterView("instance-1", metrics);
    }
}
