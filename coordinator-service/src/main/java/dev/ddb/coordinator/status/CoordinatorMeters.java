package dev.ddb.coordinator.status;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.Locale;
import java.util.function.ToDoubleFunction;

import dev.ddb.coordinator.api.ConsistencyMetrics;
import dev.ddb.coordinator.failover.Failover;
import dev.ddb.coordinator.replication.ApplierState;
import dev.ddb.coordinator.replication.ApplierStatus;
import dev.ddb.coordinator.replication.ReplicaSet;
import dev.ddb.coordinator.sequencer.Consistency;
import dev.ddb.coordinator.sequencer.WritePath;
import dev.ddb.coordinator.topology.Topology;
import dev.ddb.coordinator.verify.BackgroundVerifier;
import dev.ddb.coordinator.verify.Divergences;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * The coordinator's own figures in {@code /actuator/prometheus}, read from the objects that keep them when Prometheus
 * scrapes, so the write path pays nothing for them: queries and failures per consistency level and their latency
 * percentiles (the figures of {@code /consistency-metrics}), the sequencer's batching, and per instance its role,
 * its applier's state, its applied timestamp, its lag and the size of its log ({@link LogSizes}). Gauges of an instance that is not a replica now (the
 * master, or one detached) read NaN, which Prometheus treats as absent. Bound when the leader's parts start, so a
 * follower has none of them (not a MeterBinder bean, which the registry would build at start).
 */
final class CoordinatorMeters {

    private static final double[] PERCENTILES = {50, 99};

    private final WritePath sequencer;
    private final ReplicaSet replicas;
    private final Topology topology;
    private final Failover failover;
    private final LogSizes logSizes;
    private final Divergences divergences;
    private final BackgroundVerifier verifier;

    CoordinatorMeters(WritePath sequencer, ReplicaSet replicas, Topology topology,
            Failover failover, LogSizes logSizes, Divergences divergences, BackgroundVerifier verifier) {
        this.sequencer = sequencer;
        this.replicas = replicas;
        this.topology = topology;
        this.failover = failover;
        this.logSizes = logSizes;
        this.divergences = divergences;
        this.verifier = verifier;
    }

    /**
     * The clients' queries: every coordinator counts what it answered, follower or leader (bound at start, not with
     * the leader's parts).
     */
    static void bindQueries(MeterRegistry registry, ConsistencyMetrics queries) {
        for (Consistency consistency : Consistency.values()) {
            String level = consistency.name();
            FunctionCounter.builder("ddb.queries", queries, q -> q.writes(consistency))
                    .tags("consistency", level, "kind", "write")
                    .description("Writes answered, successful or not").register(registry);
            FunctionCounter.builder("ddb.queries", queries, q -> q.reads(consistency))
                    .tags("consistency", level, "kind", "read")
                    .description("Reads answered, successful or not").register(registry);
            FunctionCounter.builder("ddb.query.failures", queries, q -> q.failures(consistency))
                    .tags("consistency", level).description("Writes and reads answered with an error").register(registry);
            for (double percentile : PERCENTILES) {
                String quantile = String.format(Locale.ROOT, "%.2f", percentile / 100);
                Gauge.builder("ddb.write.latency.ms", queries, q -> q.writeLatencyMillis(consistency, percentile))
                        .tags("consistency", level, "quantile", quantile)
                        .description("Write latency since start, at this quantile").register(registry);
                Gauge.builder("ddb.read.latency.ms", queries, q -> q.readLatencyMillis(consistency, percentile))
                        .tags("consistency", level, "quantile", quantile)
                        .description("Read latency since start, at this quantile").register(registry);
            }
        }
        FunctionCounter.builder("ddb.strong.quorum.not.achieved", queries, ConsistencyMetrics::quorumNotAchieved)
                .description("STRONG writes committed on the master without a quorum in time (answered 503)")
                .register(registry);
    }

    void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("ddb.sequencer.batches", sequencer, s -> s.statistics().batches())
                .description("Batches run on the master").register(registry);
        FunctionCounter.builder("ddb.sequencer.batched.writes", sequencer, s -> s.statistics().writes())
                .description("Writes run in those batches").register(registry);
        Gauge.builder("ddb.sequencer.queue.depth", sequencer, WritePath::queueDepth)
                .description("Writes waiting for the next batch").register(registry);
        Gauge.builder("ddb.log.last.ts", sequencer, WritePath::lastTs)
                .description("The highest timestamp in the master's log").register(registry);

        Gauge.builder("ddb.epoch", topology, Topology::epoch).description("The master's epoch").register(registry);
        FunctionCounter.builder("ddb.failovers", failover, f -> f.history().size())
                .description("Failovers and switchovers since start").register(registry);

        FunctionCounter.builder("ddb.verify.chunks", verifier, BackgroundVerifier::chunksChecked)
                .description("Chunks the background verifier has checked").register(registry);
        FunctionCounter.builder("ddb.verify.passes", verifier, BackgroundVerifier::passesCompleted)
                .description("Passes the background verifier completed over every user table").register(registry);

        MultiGauge mismatched = MultiGauge.builder("ddb.verify.mismatched.chunks")
                .description("Chunks of a table found different from the master's copy on an instance, not yet repaired")
                .register(registry);
        divergences.onChange(tables -> mismatched.register(tables.stream()
                .map(t -> MultiGauge.Row.of(Tags.of("instance", t.instance(), "table", t.table()), t.mismatchedChunks()))
                .toList(), true));

        for (InstanceAddress instance : topology.instances()) {
            String id = instance.id();
            Gauge.builder("ddb.instance.master", topology, t -> t.master().id().equals(id) ? 1 : 0)
                    .tag("instance", id).description("1 for the current master, else 0").register(registry);
            Gauge.builder("ddb.log.bytes", logSizes, sizes -> sizes.bytes(id).orElse(Double.NaN)).tag("instance", id)
                    .description("Disk taken by the instance's ddb_meta.log (data and indexes), read every minute")
                    .register(registry);
            Gauge.builder("ddb.log.entries", logSizes, sizes -> sizes.entries(id).orElse(Double.NaN)).tag("instance", id)
                    .description("The server's estimate of the entries in the instance's ddb_meta.log, read every minute")
                    .register(registry);
            replicaGauge(registry, "ddb.replica.applied.ts", id, "The replica's applied timestamp",
                    status -> status.appliedTs());
            replicaGauge(registry, "ddb.replica.lag.ms", id,
                    "Age of the oldest committed batch the replica has not applied (0 when it has all)",
                    status -> sequencer.lag().lagMillis(status.appliedTs()));
            for (ApplierState state : ApplierState.values()) {
                Gauge.builder("ddb.replica.state", replicas, r -> {
                    ApplierStatus status = r.states().get(id);
                    return status == null ? Double.NaN : status.state() == state ? 1 : 0;
                }).tags("instance", id, "state", state.name().toLowerCase(Locale.ROOT))
                        .description("1 for the replica's applier state, else 0").register(registry);
            }
        }
    }

    private void replicaGauge(MeterRegistry registry, String name, String id, String description,
            ToDoubleFunction<ApplierStatus> value) {
        Gauge.builder(name, replicas, r -> {
            ApplierStatus status = r.states().get(id);
            return status == null ? Double.NaN : value.applyAsDouble(status);
        }).tag("instance", id).description(description).register(registry);
    }
}
