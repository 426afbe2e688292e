package dev.ddb.metrics.api;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.metrics.observation.ApplyLatencyObservations;
import dev.ddb.metrics.observation.Observation;
import dev.ddb.metrics.tracking.ClusterMetrics;
import dev.ddb.metrics.tracking.ClusterSnapshot;

@RestController
class MetricsController {

    private final ClusterMetrics metrics;
    private final ApplyLatencyObservations observations;

    MetricsController(ClusterMetrics metrics, ApplyLatencyObservations observations) {
        this.metrics = metrics;
        this.observations = observations;
    }

    @GetMapping("/metrics")
    MetricsResponse all() {
        ClusterSnapshot snapshot = metrics.snapshot();
        return new MetricsResponse(snapshot.instances().stream()
                .map(instance -> ReplicaMetrics.of(instance, observations.of(instance.id())))
                .toList(), snapshot.masterTimestamp());
    }

    @GetMapping("/metrics/{id}")
    ReplicaMetrics one(@PathVariable String id) {
        return ReplicaMetrics.of(metrics.snapshot().require(id), observations.of(id));
    }

    @PostMapping("/metrics/observations")
    ObservationsAccepted observe(@RequestBody ObservationRequest request) {
        List<Observation> batch = request.toObservations();
        observations.record(batch);
        return new ObservationsAccepted(true, batch.size());
    }
}
