package dev.ddb.coordinator.quorum;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.ddb.coordinator.sequencer.QuorumRule;

/**
 * Cabinet's quorum: a STRONG write may be acknowledged once the weight of the master (which holds the batch) plus
 * the weights of the replicas that applied it exceeds the threshold W/2. Weights are exact decimals and the
 * comparison is exact and strict, so the n = 3 case, where the master holds almost exactly W/2, cannot flip.
 * A replica without a weight counts nothing.
 */
public final class WeightedQuorumRule implements QuorumRule {

    private final String master;
    private final Map<String, BigDecimal> weights;
    private final BigDecimal threshold;
    private final BigDecimal totalWeight;

    /**
     * @throws IllegalArgumentException when the master has no weight, a weight is not positive, or the threshold is
     *         below half the total weight (two quorums could then miss each other)
     */
    public WeightedQuorumRule(String master, Map<String, BigDecimal> weights, BigDecimal threshold) {
        if (master == null || weights == null || threshold == null) {
            throw new IllegalArgumentException("master, weights and threshold are all required");
        }
        if (!weights.containsKey(master)) {
            throw new IllegalArgumentException("the master " + master + " has no weight among " + weights.keySet());
        }
        weights.forEach((id, weight) -> {
            if (weight == null || weight.signum() <= 0) {
                throw new IllegalArgumentException("the weight of " + id + " must be positive, got " + weight);
            }
        });
        BigDecimal total = weights.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        if (threshold.add(threshold).compareTo(total) < 0) {
            throw new IllegalArgumentException("the threshold " + threshold.toPlainString()
                    + " is below half the total weight " + total.toPlainString());
        }
        this.master = master;
        this.weights = heaviestFirst(weights);
        this.threshold = threshold;
        this.totalWeight = total;
    }

    @Override
    public boolean isSatisfiedBy(Set<String> acknowledgingReplicas) {
        return weightWith(acknowledgingReplicas).compareTo(threshold) > 0;
    }

    /** The master's weight plus that of every distinct acknowledging replica. */
    public BigDecimal weightWith(Set<String> acknowledgingReplicas) {
        BigDecimal sum = weights.get(master);
        for (String replica : acknowledgingReplicas) {
            if (!replica.equals(master)) {
                sum = sum.add(weights.getOrDefault(replica, BigDecimal.ZERO));
            }
        }
        return sum;
    }

    @Override
    public String describe() {
        String listed = weights.entrySet().stream()
                .map(entry -> entry.getKey() + " " + rounded(entry.getValue(), 3))
                .collect(Collectors.joining(", "));
        return "cabinet: weight > " + rounded(threshold, 4) + " of " + rounded(totalWeight, 4) + " (" + listed + ")";
    }

    public String master() {
        return master;
    }

    /** Every instance's weight, heaviest first. */
    public Map<String, BigDecimal> weights() {
        return weights;
    }

    public BigDecimal threshold() {
        return threshold;
    }

    public BigDecimal totalWeight() {
        return totalWeight;
    }

    private static Map<String, BigDecimal> heaviestFirst(Map<String, BigDecimal> weights) {
        Map<String, BigDecimal> ordered = new LinkedHashMap<>();
        weights.entrySet().stream()
                .sorted(Map.Entry.<String, BigDecimal>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(entry -> ordered.put(entry.getKey(), entry.getValue()));
        return Collections.unmodifiableMap(ordered);
    }

    private static String rounded(BigDecimal value, int decimals) {
        return value.setScale(decimals, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
