package dev.ddb.metrics.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class ClusterSnapshotTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static TrackedInstance polled(String id, String role, long epoch, long appliedTs, long logHighTs) {
        return TrackedInstance.unpolled(id, 0.2).afterSuccess(new Probe(1.0, appliedTs, epoch, role, 60, logHighTs), T0);
    }

    private static TrackedInstance replica(String id, long epoch, long appliedTs) {
        return polled(id, "replica", epoch, appliedTs, appliedTs);
    }

    @Test
    void masterIsTheInstanceHoldingTheMasterRoleAtTheHighestEpoch() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                polled("instance-1", "master", 1, 90, 90),
                polled("instance-2", "master", 2, 100, 100),
                replica("instance-3", 2, 100)));

        assertThat(snapshot.instances()).extracting(InstanceMetrics::master).containsExactly(false, true, false);
    }

    @Test
    void aReplicaAtAHigherEpochDoesNotMakeAnOlderMasterLoseTheRole() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                replica("instance-1", 5, 10),
                polled("instance-2", "master", 3, 10, 10)));

        assertThat(snapshot.require("instance-2").master()).isTrue();
    }

    @Test
    void equalEpochsGoToTheFirstInstanceInConfigurationOrder() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                replica("instance-1", 1, 10),
                polled("instance-2", "master", 1, 10, 10),
                polled("instance-3", "master", 1, 10, 10)));

        assertThat(snapshot.instances()).extracting(InstanceMetrics::master).containsExactly(false, true, false);
    }

    @Test
    void anUnreachableMasterStaysMasterAndTheReferenceForLag() {
        TrackedInstance deadMaster = polled("instance-1", "master", 1, 50, 50).afterFailure("refused", T0.plusSeconds(1));
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(deadMaster, replica("instance-2", 1, 45)));

        assertThat(snapshot.require("instance-1").master()).isTrue();
        assertThat(snapshot.require("instance-1").healthy()).isFalse();
        assertThat(snapshot.masterTimestamp()).isEqualTo(50);
        assertThat(snapshot.require("instance-2").replicationLag()).isEqualTo(5);
    }

    @Test
    void lagIsTheMastersHighestLogTimestampMinusEachAppliedTs() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                polled("instance-1", "master", 1, 113, 113),
                replica("instance-2", 1, 113),
                replica("instance-3", 1, 100),
                replica("instance-4", 1, 0)));

        assertThat(snapshot.masterTimestamp()).isEqualTo(113);
        assertThat(snapshot.instances()).extracting(InstanceMetrics::replicationLag).containsExactly(0L, 0L, 13L, 113L);
    }

    @Test
    void theMastersLogAheadOfItsAppliedTsIsTheReferenceAndShowsAsItsOwnLag() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                polled("instance-1", "master", 1, 40, 42),
                replica("instance-2", 1, 40)));

        assertThat(snapshot.masterTimestamp()).isEqualTo(42);
        assertThat(snapshot.instances()).extracting(InstanceMetrics::replicationLag).containsExactly(2L, 2L);
    }

    @Test
    void theMastersAppliedTsAheadOfItsLogIsTheReference() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                polled("instance-1", "master", 1, 60, 0),
                replica("instance-2", 1, 55)));

        assertThat(snapshot.masterTimestamp()).isEqualTo(60);
        assertThat(snapshot.require("instance-2").replicationLag()).isEqualTo(5);
    }

    @Test
    void lagIsNeverNegative() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                polled("instance-1", "master", 1, 10, 10),
                replica("instance-2", 1, 12)));

        assertThat(snapshot.require("instance-2").replicationLag()).isZero();
    }

    @Test
    void withNoMasterRecordedLagIsMeasuredFromTheMostAdvancedInstance() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(
                replica("instance-1", 0, 7),
                replica("instance-2", 0, 9),
                TrackedInstance.unpolled("instance-3", 0.2)));

        assertThat(snapshot.masterTimestamp()).isEqualTo(9);
        assertThat(snapshot.instances()).extracting(InstanceMetrics::master).containsExactly(false, false, false);
        assertThat(snapshot.instances()).extracting(InstanceMetrics::replicationLag).containsExactly(2L, 0L, null);
    }

    @Test
    void anInstanceNeverReachedHasNoValuesButItsError() {
        TrackedInstance never = TrackedInstance.unpolled("instance-1", 0.2).afterFailure("refused", T0);
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(never));

        InstanceMetrics metrics = snapshot.require("instance-1");
        assertThat(snapshot.masterTimestamp()).isNull();
        assertThat(metrics.latencyMs()).isNull();
        assertThat(metrics.appliedTs()).isNull();
        assertThat(metrics.replicationLag()).isNull();
        assertThat(metrics.healthy()).isFalse();
        assertThat(metrics.lastError()).isEqualTo("refused");
        assertThat(metrics.lastUpdated()).isEqualTo(T0);
    }

    @Test
    void anUnknownIdIsRefusedNamingTheKnownOnes() {
        ClusterSnapshot snapshot = ClusterSnapshot.of(List.of(replica("instance-1", 0, 0), replica("instance-2", 0, 0)));

        assertThatThrownBy(() -> snapshot.require("replica-1"))
                .isInstanceOf(UnknownInstanceException.class)
                .hasMessageContaining("replica-1")
                .hasMessageContaining("instance-1, instance-2");
    }
}
