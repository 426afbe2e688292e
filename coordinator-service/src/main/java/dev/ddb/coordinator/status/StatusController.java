package dev.ddb.coordinator.status;

import java.util.Map;

import org.springframework.context.annotation.Lazy;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.ddb.coordinator.api.ConsistencyMetrics;

/** {@code GET /status}, {@code /table-timestamps} and {@code /consistency-metrics}. */
@RestController
@Lazy
class StatusController {

    private final ClusterStatus status;
    private final TableTimestamps tableTimestamps;
    private final ConsistencyMetrics metrics;

    StatusController(ClusterStatus status, TableTimestamps tableTimestamps, ConsistencyMetrics metrics) {
        this.status = status;
        this.tableTimestamps = tableTimestamps;
        this.metrics = metrics;
    }

    @GetMapping("/status")
    StatusReport status() {
        return status.report();
    }

    @GetMapping("/table-timestamps")
    TableTimestampsReport tableTimestamps() {
        return tableTimestamps.read();
    }

    @GetMapping("/consistency-metrics")
    Map<String, Object> consistencyMetrics() {
        return metrics.snapshot();
    }
}
