package dev.ddb.coordinator.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.ApplierStatus;

class ApplyLatencyReporterTest {

    private final Map<String, ApplierStatus> appliers = new LinkedHashMap<>();
    private final List<List<ApplyLatencyObservation>> posted = new ArrayList<>();

    private void applied(String replica, long appliedTs, double lastApplyMillis) {
        appliers.put(replica, new ApplierStatus(replica, ApplierState.LIVE, appliedTs, null, lastApplyMillis, 0, false));
    }

    @Test
    void onlyReplicasThatAppliedSomethingNewAreReportedInOnePost() {
        ApplyLatencyReporter reporter = new ApplyLatencyReporter(() -> appliers, posted::add);
        applied("instance-2", 10, 1.5);
        applied("instance-3", 10, 4.0);
        applied("instance-4", 0, -1);
        reporter.report();
        applied("instance-3", 12, 9.0);

        reporter.report();
        reporter.report();

        assertThat(posted).containsExactly(
                List.of(new ApplyLatencyObservation("instance-2", 1.5), new ApplyLatencyObservation("instance-3", 4.0)),
                List.of(new ApplyLatencyObservation("instance-3", 9.0)));
    }

    @Test
    void failedPostDoesNotStopLaterReports() {
        ApplyLatencyReporter reporter = new ApplyLatencyReporter(() -> appliers, observations -> {
            if (posted.isEmpty()) {
                posted.add(List.of());
                throw new IllegalStateException("metrics-service down");
            }
            posted.add(observations);
        });
        applied("instance-2", 10, 1.5);
        reporter.report();
        applied("instance-2", 11, 2.5);

        reporter.report();

        assertThat(posted).last().isEqualTo(List.of(new ApplyLatencyObservation("instance-2", 2.5)));
    }
}
