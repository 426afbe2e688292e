package dev.ddb.coordinator.read;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides where a read may run and in which order to try the instances. Safe for concurrent use:
 * the only state it changes is one counter.
 */
public final class ReadRouter {

    /** Ranks a replica with no latency observed yet before every measured one. */
    private static final double UNOBSERVED = -1;

    private final ReadStrategy strategy;
    private final ReadLoad load;
    /**
     * One ticket per routed read. Every strategy rotates the eligible replicas by it before sorting,
     * so round robin is exact under concurrency and the other strategies spread their ties.
     */
    private final AtomicLong tickets = new AtomicLong();

    public ReadRouter(ReadStrategy strategy, ReadLoad load) {
        if (strategy == null || load == null) {
            throw new IllegalArgumentException("a read router needs a strategy and a load tracker");
        }
        this.strategy = strategy;
        this.load = load;
    }

    /**
     * The instances to try, best first. STRONG and locking reads: the master alone. EVENTUAL: the
     * replicas that are readable and meet the demand's bounds, ordered by the strategy, then the
     * master, which has every committed write and so meets any {@code min_timestamp}.
     *
     * @param replicas views of the replicas; a view of the master itself is ignored
     */
    public List<String> candidates(String masterId, List<ReplicaView> replicas, ReadDemand demand) {
        if (masterId == null || masterId.isBlank()) {
            throw new IllegalArgumentException("a read needs a master to fall back on");
        }
        if (demand.masterOnly()) {
            return List.of(masterId);
        }
        List<String> eligible = new ArrayList<>();
        for (ReplicaView replica : replicas) {
            if (!replica.id().equals(masterId) && demand.admits(replica) && !eligible.contains(replica.id())) {
                eligible.add(replica.id());
            }
        }
        List<String> ordered = order(eligible);
        ordered.add(masterId);
        return List.copyOf(ordered);
    }

    private List<String> order(List<String> eligible) {
        long ticket = tickets.getAndIncrement();
        if (eligible.isEmpty()) {
            return new ArrayList<>();
        }
        // Sorted first, so the rotation does not depend on the order the caller listed the views in.
        Collections.sort(eligible);
        Collections.rotate(eligible, -(int) Math.floorMod(ticket, (long) eligible.size()));
        if (strategy == ReadStrategy.ROUND_ROBIN) {
            return eligible;
        }
        // Other threads move the figures while we sort: a sort must see one value per replica.
        Map<String, Double> rank = new HashMap<>();
        for (String id : eligible) {
            rank.put(id, strategy == ReadStrategy.LEAST_LOADED
                    ? load.inFlight(id)
                    : load.averageLatencyMs(id).orElse(UNOBSERVED));
        }
        eligible.sort(Comparator.comparingDouble(rank::get));
        return eligible;
    }
}
