package dev.ddb.cabinet.metrics;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Reuses the last answer of metrics-service for a short time, so a burst of quorum requests costs metrics-service one
 * call. A failure is reused as well: while metrics-service is down, the requests of one interval fail together
 * instead of each waiting for its own timeout. Callers that arrive while a fetch is under way wait for it.
 */
public final class RecentClusterView {

    private final Supplier<ClusterView> source;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private Outcome last;

    /**
     * @param source    fetches the cluster view; its exceptions reach every caller of the interval
     * @param ttl       how long an outcome is reused; zero fetches on every call
     * @param nanoClock a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    public RecentClusterView(Supplier<ClusterView> source, Duration ttl, LongSupplier nanoClock) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative, was " + ttl);
        }
        this.source = source;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    /** The cluster view fetched at most {@code ttl} ago, fetching it now if the last one is older. */
    public synchronized ClusterView current() {
        if (last == null || nanoClock.getAsLong() - last.fetchedAtNanos() >= ttlNanos) {
            last = fetch();
        }
        if (last.failure() != null) {
            throw last.failure();
        }
        return last.view();
    }

    /** Timed when the fetch ends, so a slow answer is still reused for the whole interval. */
    private Outcome fetch() {
        try {
            ClusterView view = source.get();
            return new Outcome(view, null, nanoClock.getAsLong());
        } catch (RuntimeException e) {
            return new Outcome(null, e, nanoClock.getAsLong());
        }
    }

    private record Outcome(ClusterView view, RuntimeException failure, long fetchedAtNanos) {
    }
}
