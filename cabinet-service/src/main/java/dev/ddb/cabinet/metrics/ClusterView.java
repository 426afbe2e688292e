package dev.ddb.cabinet.metrics;

import dev.ddb.cabinet.quorum.NodeMetrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The cluster as one answer of metrics-service shows it: which instance is the master and what Cabinet knows about
 * every instance, ready for {@link dev.ddb.cabinet.quorum.Cabinet#weigh}.
 *
 * @param master the id of the master
 * @param nodes  every instance, the master included, in the order metrics-service listed them
 */
public record ClusterView(String master, List<NodeMetrics> nodes) {

    public ClusterView {
        nodes = List.copyOf(nodes);
    }

    /**
     * Maps one answer of metrics-service.
     * <ul>
     *   <li>latency is {@code avg_latency_ms}, or {@code latency_ms} when there is no average yet, and the observed
     *       apply latency likewise {@code avg_observed_apply_latency_ms} before {@code observed_apply_latency_ms}: one
     *       slow poll or batch should not reorder the weights;</li>
     *   <li>an instance reported healthy but without a latency or a lag has nothing to rank it by, so it is weighed
     *       like an unhealthy one (last), and a missing {@code is_healthy} counts as unhealthy;</li>
     *   <li>a negative lag (a replica briefly ahead of a master that was just promoted) counts as no lag;</li>
     *   <li>the master is the instance with {@code is_master}; if several claim it, the one at the highest
     *       {@code epoch}.</li>
     * </ul>
     *
     * @throws InvalidMetricsReportException when the answer cannot be weighed at all
     * @throws NoMasterException             when no single instance is the master
     */
    public static ClusterView of(MetricsReport report) {
        if (report == null || report.replicas() == null) {
            throw new InvalidMetricsReportException("the answer has no 'replicas' list");
        }
        List<NodeMetrics> nodes = new ArrayList<>(report.replicas().size());
        Set<String> ids = new HashSet<>();
        List<ReplicaReport> masters = new ArrayList<>();
        for (ReplicaReport replica : report.replicas()) {
            if (replica == null || replica.replicaId() == null || replica.replicaId().isBlank()) {
                throw new InvalidMetricsReportException("an entry of 'replicas' has no replica_id: " + replica);
            }
            if (!ids.add(replica.replicaId())) {
                throw new InvalidMetricsReportException("replica_id " + replica.replicaId() + " appears twice");
            }
            nodes.add(nodeMetrics(replica));
            if (Boolean.TRUE.equals(replica.master())) {
                masters.add(replica);
            }
        }
        return new ClusterView(master(masters, ids), nodes);
    }

    private static NodeMetrics nodeMetrics(ReplicaReport replica) {
        Double latency = averageOrLast(replica.avgLatencyMs(), replica.latencyMs());
        boolean rankable = Boolean.TRUE.equals(replica.healthy()) && latency != null
                && replica.replicationLag() != null;
        try {
            return new NodeMetrics(replica.replicaId(), rankable,
                    latency == null ? 0 : latency,
                    replica.replicationLag() == null ? 0 : Math.max(0, replica.replicationLag()),
                    averageOrLast(replica.avgObservedApplyLatencyMs(), replica.observedApplyLatencyMs()));
        } catch (IllegalArgumentException e) {
            throw new InvalidMetricsReportException(e.getMessage());
        }
    }

    private static Double averageOrLast(Double average, Double last) {
        return average != null ? average : last;
    }

    private static String master(List<ReplicaReport> masters, Set<String> ids) {
        if (masters.isEmpty()) {
            throw new NoMasterException("no instance reports is_master among " + ids.stream().sorted().toList()
                    + "; a failover may be under way");
        }
        long highestEpoch = masters.stream().mapToLong(ClusterView::epoch).max().orElseThrow();
        List<ReplicaReport> atHighestEpoch = masters.stream().filter(m -> epoch(m) == highestEpoch).toList();
        if (atHighestEpoch.size() > 1) {
            throw new NoMasterException(atHighestEpoch.stream().map(ReplicaReport::replicaId).sorted()
                    .collect(Collectors.joining(", ")) + " each report is_master at "
                    + (highestEpoch == Long.MIN_VALUE ? "no epoch" : "the same epoch " + highestEpoch));
        }
        return atHighestEpoch.get(0).replicaId();
    }

    private static long epoch(ReplicaReport replica) {
        return replica.epoch() == null ? Long.MIN_VALUE : replica.epoch();
    }

    /** The node ids, master included, sorted, for messages. */
    public List<String> sortedIds() {
        return nodes.stream().map(NodeMetrics::id).sorted().toList();
    }
}
