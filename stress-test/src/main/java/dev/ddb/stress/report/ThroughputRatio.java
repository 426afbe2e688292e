package dev.ddb.stress.report;

import dev.ddb.stress.load.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A target's throughput divided by a baseline's at the same number of clients: 0.6 means the target completed
 * 60% as many operations per second as the baseline did.
 *
 * @param ratio null when the baseline completed nothing at that number of clients
 */
public record ThroughputRatio(String target, String baseline, int clients, Double ratio) {

    /**
     * One ratio for every result of another target whose client count the baseline was also measured at, in the
     * order of {@code results}; empty when the baseline was not measured at all.
     */
    public static List<ThroughputRatio> against(String baseline, List<LoadResult> results) {
        List<ThroughputRatio> ratios = new ArrayList<>();
        for (LoadResult result : results) {
            if (result.target().equals(baseline)) {
                continue;
            }
            find(baseline, result.clients(), results).ifPresent(base -> ratios.add(new ThroughputRatio(
                    result.target(), baseline, result.clients(),
                    base.perSecond() > 0 ? result.perSecond() / base.perSecond() : null)));
        }
        return ratios;
    }

    private static Optional<LoadResult> find(String target, int clients, List<LoadResult> results) {
        return results.stream().filter(r -> r.target().equals(target) && r.clients() == clients).findFirst();
    }
}
