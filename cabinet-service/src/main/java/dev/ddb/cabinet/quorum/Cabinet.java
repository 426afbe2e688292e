package dev.ddb.cabinet.quorum;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Cabinet's weight assignment ("Cabinet: Dynamically Weighted Consensus Made Fast", PVLDB 18(5),
 * arXiv 2503.08914). With n nodes and failure threshold t, the weights are the geometric series
 * r^(n-1), ..., r, 1, with r the largest value at most 2, on a grid of 0.001, for which the t+1
 * heaviest nodes hold more than half of the total weight W and the t heaviest hold less. So the
 * t+1 fastest nodes can commit alone, and no t nodes can.
 *
 * <p>Arithmetic is exact: r has three decimals, so every r^i is a finite decimal and W/2 too.
 * A margin on doubles would also work, but at n=3, t=1 (r=1.618) the master holds W/2 minus
 * 0.000038, and the margin would have to be re-justified for every n; exact decimals need no
 * such argument.
 */
public final class Cabinet {

    private static final BigDecimal MAX_RATIO = new BigDecimal("2.000");
    private static final BigDecimal RATIO_STEP = new BigDecimal("0.001");
    private static final BigDecimal TWO = BigDecimal.valueOf(2);

    private Cabinet() {
    }

    /** The largest t with 2t+1 &le; n. */
    public static int defaultFailureThreshold(int nodeCount) {
        if (nodeCount < 3) {
            throw new IllegalArgumentException(
                    "Cabinet needs at least 3 nodes to tolerate one failure, the cluster has " + nodeCount);
        }
        return (nodeCount - 1) / 2;
    }

    /** Weighs the nodes with the default failure threshold for their number. */
    public static WeightedQuorum weigh(String masterId, Collection<NodeMetrics> nodes, Set<String> excluded) {
        return weigh(masterId, nodes, excluded, defaultFailureThreshold(nodes.size()));
    }

    /**
     * Ranks the nodes with {@link ResponsivenessRanking} and gives the heaviest weight to the first.
     *
     * @param nodes    every node, the master included
     * @param excluded replicas to weigh as if unhealthy
     */
    public static WeightedQuorum weigh(String masterId, Collection<NodeMetrics> nodes, Set<String> excluded,
                                       int failureThreshold) {
        List<String> ranked = ResponsivenessRanking.rank(masterId, nodes, excluded);
        BigDecimal ratio = ratio(nodes.size(), failureThreshold);
        return new WeightedQuorum(masterId, failureThreshold, ratio, ranked, weights(nodes.size(), ratio));
    }

    /** The largest r &le; 2 on the 0.001 grid that satisfies both of Cabinet's inequalities. */
    public static BigDecimal ratio(int nodeCount, int failureThreshold) {
        requireValid(nodeCount, failureThreshold);
        for (BigDecimal r = MAX_RATIO; r.signum() > 0; r = r.subtract(RATIO_STEP)) {
            if (separatesAtThreshold(weights(nodeCount, r), failureThreshold)) {
                return r;
            }
        }
        throw new IllegalStateException("no ratio on the 0.001 grid separates t=" + failureThreshold
                + " from t+1 nodes among " + nodeCount);
    }

    /** r^(n-1), ..., r, 1: heaviest first. */
    public static List<BigDecimal> weights(int nodeCount, BigDecimal ratio) {
        List<BigDecimal> weights = new ArrayList<>(nodeCount);
        BigDecimal power = BigDecimal.ONE;
        for (int i = 0; i < nodeCount; i++) {
            weights.add(power);
            power = power.multiply(ratio);
        }
        Collections.reverse(weights);
        return List.copyOf(weights);
    }

    private static void requireValid(int nodeCount, int failureThreshold) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold t must be at least 1, was " + failureThreshold);
        }
        if (2 * failureThreshold + 1 > nodeCount) {
            throw new IllegalArgumentException("failure threshold t=" + failureThreshold + " needs at least "
                    + (2 * failureThreshold + 1) + " nodes (2t+1), the cluster has " + nodeCount);
        }
    }

    private static boolean separatesAtThreshold(List<BigDecimal> weightsHeaviestFirst, int failureThreshold) {
        BigDecimal total = sum(weightsHeaviestFirst, weightsHeaviestFirst.size());
        BigDecimal heaviestT = sum(weightsHeaviestFirst, failureThreshold);
        BigDecimal heaviestTPlusOne = heaviestT.add(weightsHeaviestFirst.get(failureThreshold));
        return heaviestTPlusOne.multiply(TWO).compareTo(total) > 0
                && heaviestT.multiply(TWO).compareTo(total) < 0;
    }

    private static BigDecimal sum(List<BigDecimal> values, int count) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < count; i++) {
            sum = sum.add(values.get(i));
        }
        return sum;
    }
}
