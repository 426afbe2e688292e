package dev.ddb.cabinet.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.cabinet.quorum.NodeMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

class ClusterViewTest {

    /** Strict about unknown fields, so only the records' own annotations can make the reader tolerant. */
    private static final JsonMapper strictMapper = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Test
    void readsAveragesBeforeLastValuesAndIgnoresFieldsCabinetDoesNotUse() {
        ClusterView view = view("""
                {"replicas": [
                  {"replica_id": "instance-1", "latency_ms": 1.2, "avg_latency_ms": 1.1, "replication_lag": 0,
                   "applied_ts": 42, "uptime_seconds": 300, "crash_count": 0, "last_updated": "2026-11-22T05:00:00Z",
                   "is_healthy": true, "is_master": true, "epoch": 1, "observed_apply_latency_ms": null},
                  {"replica_id": "instance-2", "latency_ms": 2.5, "avg_latency_ms": 2.0, "replication_lag": 3,
                   "applied_ts": 39, "is_healthy": true, "is_master": false, "epoch": 1,
                   "observed_apply_latency_ms": 4.5, "avg_observed_apply_latency_ms": 3.5, "region": "local"},
                  {"replica_id": "instance-3", "latency_ms": 2.5, "replication_lag": 0, "is_healthy": true,
                   "observed_apply_latency_ms": 7.5}],
                 "master_timestamp": 42, "collected_by": "metrics-service"}""");

        assertThat(view.master()).isEqualTo("instance-1");
        assertThat(view.nodes()).containsExactly(
                new NodeMetrics("instance-1", true, 1.1, 0, null),
                new NodeMetrics("instance-2", true, 2.0, 3, 3.5),
                new NodeMetrics("instance-3", true, 2.5, 0, 7.5));
    }

    @Test
    void healthyInstanceWithoutLatencyOrLagIsWeighedLikeAnUnhealthyOne() {
        ClusterView view = view("""
                {"replicas": [
                  {"replica_id": "instance-1", "latency_ms": 1, "replication_lag": 0, "is_healthy": true,
                   "is_master": true},
                  {"replica_id": "instance-2", "replication_lag": 0, "is_healthy": true},
                  {"replica_id": "instance-3", "latency_ms": 1, "is_healthy": true},
                  {"replica_id": "instance-4", "latency_ms": 1, "replication_lag": 0}]}""");

        assertThat(view.nodes()).extracting(NodeMetrics::healthy).containsExactly(true, false, false, false);
    }

    @Test
    void negativeLagCountsAsNone() {
        ClusterView view = view("""
                {"replicas": [{"replica_id": "instance-1", "latency_ms": 1, "replication_lag": -2,
                               "is_healthy": true, "is_master": true}]}""");

        assertThat(view.nodes().get(0).replicationLag()).isZero();
    }

    @Test
    void highestEpochWinsWhenTwoInstancesClaimTheMasterRole() {
        ClusterView view = view("""
                {"replicas": [
                  {"replica_id": "instance-1", "latency_ms": 1, "replication_lag": 0, "is_master": true, "epoch": 1},
                  {"replica_id": "instance-2", "latency_ms": 1, "replication_lag": 0, "is_master": true, "epoch": 2}
                ]}""");

        assertThat(view.master()).isEqualTo("instance-2");
    }

    @Test
    void twoMastersAtTheSameEpochAreNoMaster() {
        assertThatThrownBy(() -> view("""
                {"replicas": [
                  {"replica_id": "instance-1", "latency_ms": 1, "replication_lag": 0, "is_master": true, "epoch": 2},
                  {"replica_id": "instance-2", "latency_ms": 1, "replication_lag": 0, "is_master": true, "epoch": 2}
                ]}"""))
                .isInstanceOf(NoMasterException.class)
                .hasMessage("instance-1, instance-2 each report is_master at the same epoch 2");
    }

    @Test
    void noInstanceReportingMasterIsNoMaster() {
        assertThatThrownBy(() -> view("""
                {"replicas": [{"replica_id": "instance-1", "latency_ms": 1, "replication_lag": 0}]}"""))
                .isInstanceOf(NoMasterException.class)
                .hasMessageContaining("no instance reports is_master among [instance-1]");
    }

    @Test
    void answerWithoutReplicasListIsInvalid() {
        assertThatThrownBy(() -> view("{\"master_timestamp\": 42}"))
                .isInstanceOf(InvalidMetricsReportException.class)
                .hasMessage("the answer has no 'replicas' list");
    }

    @Test
    void duplicateOrMissingReplicaIdIsInvalid() {
        assertThatThrownBy(() -> view("""
                {"replicas": [{"replica_id": "instance-1", "is_master": true}, {"replica_id": "instance-1"}]}"""))
                .isInstanceOf(InvalidMetricsReportException.class)
                .hasMessage("replica_id instance-1 appears twice");
        assertThatThrownBy(() -> view("{\"replicas\": [{\"latency_ms\": 1}]}"))
                .isInstanceOf(InvalidMetricsReportException.class)
                .hasMessageContaining("has no replica_id");
    }

    @Test
    void negativeLatencyIsInvalidAndNamesTheInstance() {
        assertThatThrownBy(() -> view("""
                {"replicas": [{"replica_id": "instance-3", "latency_ms": -1, "replication_lag": 0,
                               "is_healthy": true, "is_master": true}]}"""))
                .isInstanceOf(InvalidMetricsReportException.class)
                .hasMessageContaining("latency_ms of instance-3");
    }

    private static ClusterView view(String answer) {
        return ClusterView.of(strictMapper.readValue(answer, MetricsReport.class));
    }
}
