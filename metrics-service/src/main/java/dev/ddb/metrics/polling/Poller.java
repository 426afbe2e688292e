package dev.ddb.metrics.polling;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.metrics.tracking.ClusterMetrics;
import dev.ddb.metrics.tracking.ClusterMetrics.Transition;
import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.DbCredentials;

/**
 * Polls every instance on its own schedule, each on its own thread: an instance that hangs until
 * its socket timeout delays only its own next poll, never another instance's. The interval is the
 * pause between the end of one poll of an instance and the start of its next.
 */
public final class Poller implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    /** How the poller reaches the instances. */
    public record Settings(Duration interval, Duration connectTimeout, Duration socketTimeout) {
    }

    private final ClusterMetrics metrics;
    private final List<InstanceProbe> probes;
    private final Settings settings;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile boolean running;

    public Poller(ClusterTopology topology, DbCredentials credentials, Settings settings, ClusterMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.settings = settings;
        this.clock = clock;
        this.probes = topology.instances().stream()
                .map(instance -> new InstanceProbe(instance, credentials, settings.connectTimeout(), settings.socketTimeout()))
                .toList();
        AtomicInteger threads = new AtomicInteger();
        this.scheduler = Executors.newScheduledThreadPool(probes.size(), task -> {
            Thread thread = new Thread(task, "metrics-poller-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        for (InstanceProbe probe : probes) {
            scheduler.scheduleWithFixedDelay(() -> poll(probe), 0, settings.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
        running = true;
        log.info("Polling {} every {}", metrics.ids(), settings.interval());
    }

    public boolean isRunning() {
        return running && !scheduler.isShutdown();
    }

    public Duration interval() {
        return settings.interval();
    }

    /** Waits for polls in flight, which their socket timeout bounds, before closing their connections. */
    @Override
    public void close() {
        running = false;
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(settings.connectTimeout().plus(settings.socketTimeout()).toMillis() * 4,
                    TimeUnit.MILLISECONDS)) {
                log.warn("A poll was still running after its timeouts; closing the connections under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        probes.forEach(InstanceProbe::close);
    }

    /** Never throws: an exception escaping a scheduled task would cancel the instance's polling for good. */
    private void poll(InstanceProbe probe) {
        Transition transition;
        try {
            transition = metrics.recordSuccess(probe.id(), probe.probe(), clock.instant());
        } catch (SQLException | RuntimeException e) {
            transition = metrics.recordFailure(probe.id(), describe(e), clock.instant());
        }
        if (transition.before().lastUpdated() == null && !transition.after().healthy()) {
            log.warn("{} is not reachable yet: {}", probe.id(), transition.after().lastError());
        } else if (transition.before().healthy() && !transition.after().healthy()) {
            log.warn("{} is unreachable (crash count {}): {}", probe.id(), transition.after().crashCount(),
                    transition.after().lastError());
        } else if (!transition.before().healthy() && transition.after().healthy()) {
            log.info("{} is healthy", probe.id());
        } else if (transition.after().crashCount() > transition.before().crashCount()) {
            log.warn("{} restarted between two polls (its uptime went down); crash count {}", probe.id(),
                    transition.after().crashCount());
        }
    }

    /** Connector/J's messages run over several lines; the first says what happened. */
    private static String describe(Exception e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).strip();
    }
}
