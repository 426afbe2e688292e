package dev.ddb.cabinet.metrics;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What {@code GET /metrics} of metrics-service answers, read tolerantly: fields this service does not use are
 * ignored, so metrics-service can add some without breaking Cabinet.
 *
 * @param replicas every instance, the master included
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MetricsReport(List<ReplicaReport> replicas) {
}
