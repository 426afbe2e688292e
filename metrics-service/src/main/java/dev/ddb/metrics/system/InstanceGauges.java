package dev.ddb.metrics.system;

import java.util.function.Function;

import org.springframework.stereotype.Component;

import dev.ddb.metrics.tracking.ClusterMetrics;
import dev.ddb.metrics.tracking.InstanceMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus sees these as {@code ddb_instance_latency_ms}, {@code ddb_instance_avg_latency_ms},
 * {@code ddb_instance_lag}, {@code ddb_instance_applied_ts}, {@code ddb_instance_uptime_seconds},
 * {@code ddb_instance_healthy}, {@code ddb_instance_master} and {@code ddb_instance_crash_count},
 * each tagged {@code instance}. A value no poll has produced yet is NaN.
 */
@Component
class InstanceGauges {

    InstanceGauges(MeterRegistry registry, ClusterMetrics metrics) {
        for (String id : metrics.ids()) {
            register(registry, metrics, id, "ddb.instance.latency.ms", "Round trip of SELECT 1 at the last successful poll",
                    InstanceMetrics::latencyMs);
            register(registry, metrics, id, "ddb.instance.avg.latency.ms", "Moving average of the SELECT 1 round trip",
                    InstanceMetrics::avgLatencyMs);
            register(registry, metrics, id, "ddb.instance.lag", "Timestamps the instance's applied_ts is behind the master",
                    InstanceMetrics::replicationLag);
            register(registry, metrics, id, "ddb.instance.applied.ts", "The instance's ddb_meta.state applied_ts",
                    InstanceMetrics::appliedTs);
            register(registry, metrics, id, "ddb.instance.uptime.seconds", "The server's Uptime status",
                    InstanceMetrics::uptimeSeconds);
            register(registry, metrics, id, "ddb.instance.healthy", "1 when the last poll succeeded, else 0",
                    instance -> instance.healthy() ? 1 : 0);
            register(registry, metrics, id, "ddb.instance.master", "1 for the instance holding the master role at the highest epoch",
                    instance -> instance.master() ? 1 : 0);
            register(registry, metrics, id, "ddb.instance.crash.count",
                    "Healthy-to-unreachable transitions plus restarts seen as uptime going down", InstanceMetrics::crashCount);
        }
    }

    private static void register(MeterRegistry registry, ClusterMetrics metrics, String id, String name, String description,
            Function<InstanceMetrics, Number> value) {
        Gauge.builder(name, metrics, cluster -> {
                    Number number = value.apply(cluster.snapshot().require(id));
                    return number == null ? Double.NaN : number.doubleValue();
                })
                .description(description)
                .tag("instance", id)
                .strongReference(true)
                .register(registry);
    }
}
