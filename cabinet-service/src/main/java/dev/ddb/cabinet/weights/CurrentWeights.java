package dev.ddb.cabinet.weights;

import dev.ddb.cabinet.metrics.ClusterView;
import dev.ddb.cabinet.quorum.Cabinet;
import dev.ddb.cabinet.quorum.WeightedQuorum;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Cabinet's weights for the cluster as metrics-service sees it now, with the configured failure threshold. The
 * exclusions of one request are checked against that view: excluding an unknown instance is a mistake worth
 * reporting, and the master cannot be excluded because it holds every write before any replica does.
 */
public final class CurrentWeights {

    private final Supplier<ClusterView> clusterView;
    private final Integer failureThreshold;

    /**
     * @param clusterView      the current view; its exceptions (metrics unavailable, no master) pass through
     * @param failureThreshold t, or {@code null} for the largest t with 2t+1 &le; n
     */
    public CurrentWeights(Supplier<ClusterView> clusterView, Integer failureThreshold) {
        this.clusterView = clusterView;
        this.failureThreshold = failureThreshold;
    }

    /**
     * @throws InvalidExclusionException when {@code excluded} names the master or an instance the view lacks
     * @throws ClusterTooSmallException  when the view has too few nodes for the failure threshold
     */
    public WeightedQuorum weigh(Set<String> excluded) {
        ClusterView view = clusterView.get();
        requireExcludable(view, excluded);
        int nodeCount = view.nodes().size();
        try {
            int t = failureThreshold == null ? Cabinet.defaultFailureThreshold(nodeCount) : failureThreshold;
            return Cabinet.weigh(view.master(), view.nodes(), excluded, t);
        } catch (IllegalArgumentException e) {
            // ClusterView guarantees unique ids and a master among them, so only n and t can be at odds here.
            throw new ClusterTooSmallException(e.getMessage() + " (instances: " + view.sortedIds() + ")");
        }
    }

    private static void requireExcludable(ClusterView view, Set<String> excluded) {
        if (excluded.contains(view.master())) {
            throw new InvalidExclusionException("cannot exclude " + view.master()
                    + ": it is the master, and the master always holds the heaviest weight");
        }
        Set<String> unknown = new TreeSet<>(excluded);
        view.sortedIds().forEach(unknown::remove);
        if (!unknown.isEmpty()) {
            throw new InvalidExclusionException("cannot exclude " + unknown + ": metrics-service knows only "
                    + view.sortedIds());
        }
    }
}
