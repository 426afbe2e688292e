package dev.ddb.metrics.tracking;

import java.time.Instant;

/**
 * What the poller knows about one instance, and how each poll's outcome changes it. Values from the
 * last successful poll are kept while the instance is unreachable, so an unhealthy instance still
 * shows where it stood.
 *
 * <p>A crash is counted when a poll fails right after one that succeeded (healthy to unreachable),
 * and when the server's uptime went down between two consecutive successful polls: the server
 * restarted between them without a poll catching it down. A failure after a failure, or an instance
 * that was never reached, counts nothing; so a restart the poller did see as down counts once.
 *
 * @param lastProbe the last successful poll, null until one succeeds
 * @param healthy whether the latest poll succeeded
 * @param lastUpdated when the latest poll ended, null before the first
 * @param lastError why the latest poll failed, null when it succeeded
 */
public record TrackedInstance(String id, Probe lastProbe, MovingAverage latency, boolean healthy, long crashCount,
        Instant lastUpdated, String lastError) {

    public static TrackedInstance unpolled(String id, double alpha) {
        return new TrackedInstance(id, null, MovingAverage.empty(alpha), false, 0, null, null);
    }

    public TrackedInstance afterSuccess(Probe probe, Instant at) {
        boolean restartedUnseen = healthy && probe.uptimeSeconds() < lastProbe.uptimeSeconds();
        return new TrackedInstance(id, probe, latency.add(probe.latencyMs()), true,
                restartedUnseen ? crashCount + 1 : crashCount, at, null);
    }

    public TrackedInstance afterFailure(String error, Instant at) {
        return new TrackedInstance(id, lastProbe, latency, false, healthy ? crashCount + 1 : crashCount, at, error);
    }
}
