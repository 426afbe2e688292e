package dev.ddb.cabinet.quorum;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders the nodes from the one that should carry the heaviest Cabinet weight to the lightest.
 * <ol>
 *   <li>the master, always first, since every write runs there before it is replicated;</li>
 *   <li>healthy, not excluded replicas by {@link NodeMetrics#responsiveness()}, highest first;</li>
 *   <li>unhealthy or excluded replicas last, whatever their (stale) metrics say.</li>
 * </ol>
 * Ties, and the order among unhealthy or excluded replicas, fall back to the id, so equal
 * inputs always give equal weights.
 */
public final class ResponsivenessRanking {

    private ResponsivenessRanking() {
    }

    /** The node ids, heaviest first. {@code nodes} must contain the master. */
    public static List<String> rank(String masterId, Collection<NodeMetrics> nodes, Set<String> excluded) {
        Set<String> ids = new HashSet<>();
        for (NodeMetrics node : nodes) {
            if (!ids.add(node.id())) {
                throw new IllegalArgumentException("node ids must be unique, " + node.id() + " appears twice");
            }
        }
        if (!ids.contains(masterId)) {
            throw new IllegalArgumentException("master " + masterId + " is not among the nodes " + ids);
        }
        Comparator<NodeMetrics> byResponsiveness = Comparator
                .comparingDouble((NodeMetrics n) -> available(n, excluded) ? n.responsiveness() : 0.0)
                .reversed();
        List<String> ranked = new ArrayList<>(nodes.size());
        ranked.add(masterId);
        nodes.stream()
                .filter(n -> !n.id().equals(masterId))
                .sorted(Comparator.comparing((NodeMetrics n) -> !available(n, excluded))
                        .thenComparing(byResponsiveness)
                        .thenComparing(NodeMetrics::id))
                .forEach(n -> ranked.add(n.id()));
        return List.copyOf(ranked);
    }

    private static boolean available(NodeMetrics node, Set<String> excluded) {
        return node.healthy() && !excluded.contains(node.id());
    }
}
