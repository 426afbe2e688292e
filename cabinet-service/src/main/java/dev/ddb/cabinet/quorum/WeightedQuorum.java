package dev.ddb.cabinet.quorum;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cabinet's weights for one cluster view: a write is committed once the nodes that acknowledged
 * it (the master included) hold strictly more than half of the total weight. All weights are
 * exact decimals, so that comparison has no rounding to go wrong.
 */
public final class WeightedQuorum implements QuorumRule {

    private static final BigDecimal HALF = new BigDecimal("0.5");

    private final String master;
    private final int failureThreshold;
    private final BigDecimal ratio;
    private final Map<String, BigDecimal> weights;
    private final BigDecimal totalWeight;
    private final List<String> cabinet;

    WeightedQuorum(String master, int failureThreshold, BigDecimal ratio, List<String> rankedIds,
                   List<BigDecimal> weightsHeaviestFirst) {
        if (rankedIds.size() != weightsHeaviestFirst.size()) {
            throw new IllegalArgumentException(rankedIds.size() + " nodes but " + weightsHeaviestFirst.size() + " weights");
        }
        Map<String, BigDecimal> byId = new LinkedHashMap<>();
        for (int i = 0; i < rankedIds.size(); i++) {
            byId.put(rankedIds.get(i), weightsHeaviestFirst.get(i));
        }
        this.master = master;
        this.failureThreshold = failureThreshold;
        this.ratio = ratio;
        this.weights = Collections.unmodifiableMap(byId);
        this.totalWeight = weightsHeaviestFirst.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        this.cabinet = List.copyOf(rankedIds.subList(0, failureThreshold + 1));
    }

    public String master() {
        return master;
    }

    /** t: how many node failures the weights are built to survive. */
    public int failureThreshold() {
        return failureThreshold;
    }

    /** r: the ratio between neighbouring weights. */
    public BigDecimal ratio() {
        return ratio;
    }

    /** Weight per node id, heaviest first (the master first). */
    public Map<String, BigDecimal> weights() {
        return weights;
    }

    /** W. */
    public BigDecimal totalWeight() {
        return totalWeight;
    }

    /** W/2: the acknowledged weight must exceed it. */
    public BigDecimal threshold() {
        return totalWeight.multiply(HALF);
    }

    /** The t+1 heaviest nodes, heaviest first: the smallest set that always forms a quorum. */
    public List<String> cabinet() {
        return cabinet;
    }

    @Override
    public List<String> nodeIds() {
        return List.copyOf(weights.keySet());
    }

    /** The summed weight of the acknowledgers; ids that are not nodes weigh nothing. */
    public BigDecimal weightOf(Set<String> acknowledgers) {
        return acknowledgers.stream()
                .map(id -> weights.getOrDefault(id, BigDecimal.ZERO))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Override
    public boolean isSatisfiedBy(Set<String> acknowledgers) {
        return weightOf(acknowledgers).compareTo(threshold()) > 0;
    }

    @Override
    public String toString() {
        return "WeightedQuorum[master=" + master + ", t=" + failureThreshold + ", r=" + ratio
                + ", weights=" + weights + ", cabinet=" + cabinet + "]";
    }
}
