package dev.ddb.coordinator.quorum;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.replication.ApplierStatus;

/**
 * Tells metrics-service how long each replica took to apply its last shipped batch, which Cabinet uses to rank the
 * replicas. Runs on its own thread and reads only the appliers' statuses, so the sequencer never waits for it; a
 * replica that applied nothing new since the last report is left out, and a round with nothing new posts nothing.
 */
public final class ApplyLatencyReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApplyLatencyReporter.class);

    private final Supplier<Map<String, ApplierStatus>> appliers;
    private final Consumer<List<ApplyLatencyObservation>> metrics;
    private final Map<String, Long> reportedTs = new HashMap<>();
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-apply-latency-reporter");
    private boolean failing;

    /**
     * @param appliers every replica applier's status now
     * @param metrics posts one batch of observations; throws when metrics-service did not take it
     */
    public ApplyLatencyReporter(Supplier<Map<String, ApplierStatus>> appliers,
            Consumer<List<ApplyLatencyObservation>> metrics) {
        this.appliers = appliers;
        this.metrics = metrics;
    }

    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::report, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Posts what was applied since the last report; a failed post is dropped, newer latencies follow soon. */
    synchronized void report() {
        List<ApplyLatencyObservation> observations = new ArrayList<>();
        Map<String, Long> observedTs = new HashMap<>();
        for (ApplierStatus status : appliers.get().values()) {
            Long reported = reportedTs.get(status.replicaId());
            if (status.lastApplyMillis() >= 0 && (reported == null || status.appliedTs() > reported)) {
                observations.add(new ApplyLatencyObservation(status.replicaId(), status.lastApplyMillis()));
                observedTs.put(status.replicaId(), status.appliedTs());
            }
        }
        if (observations.isEmpty()) {
            return;
        }
        reportedTs.putAll(observedTs);
        try {
            metrics.accept(observations);
            if (failing) {
                log.info("metrics-service takes apply latencies again");
            }
            failing = false;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("could not report apply latencies to metrics-service ({}); retrying with newer ones", e.toString());
            } else {
                log.debug("metrics-service still not taking apply latencies", e);
            }
            failing = true;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
