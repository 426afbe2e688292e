package dev.ddb.coordinator.failover;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;

/**
 * SEER's election asked ahead of the failure: in the background, who seer-service would elect if the master died
 * now. A failover takes that answer when it is fresh, was asked for the master that died, and names an instance the
 * failover did not exclude: SEER picks the best-scored eligible instance, so the winner among all but the master
 * also wins among all but the master and the instances found unreachable since. Otherwise it asks seer-service then,
 * as before. On a busy machine that call went through two more JVMs waiting for a core (seer-service asks
 * metrics-service) and took 60-440 ms of the failover, with every write waiting.
 */
final class SeerInAdvance implements Failover.Seer, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SeerInAdvance.class);

    /** What seer-service answered, for which master, and when. */
    record Forecast(String master, String leader, Instant at) {
    }

    private final Function<List<String>, String> seer;
    private final Supplier<String> master;
    private final Duration maxAge;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-seer-in-advance");
    private volatile Forecast forecast;

    /**
     * @param seer asks seer-service to elect, with these instances excluded; throws when it gives no leader
     * @param master the id of the coordinator's master now
     * @param maxAge how old a forecast may be and still decide a failover
     */
    SeerInAdvance(Function<List<String>, String> seer, Supplier<String> master, Duration maxAge, InstantSource clock) {
        this.seer = seer;
        this.master = master;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Asks at once and then every {@code interval}, each time after the previous answer came. */
    void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void refresh() {
        String current = master.get();
        try {
            forecast = new Forecast(current, seer.apply(List.of(current)), clock.instant());
        } catch (RuntimeException e) {
            log.debug("seer-service gave no forecast for the loss of {}: {}", current, e.getMessage());
            forecast = null;
        }
    }

    Forecast forecast() {
        return forecast;
    }

    @Override
    public String elect(List<String> excluded) {
        Forecast last = forecast;
        if (last != null && excluded.contains(last.master()) && !excluded.contains(last.leader())
                && Duration.between(last.at(), clock.instant()).compareTo(maxAge) <= 0) {
            log.info("seer-service's answer of {} ms before: {} (asked with {} excluded)",
                    Duration.between(last.at(), clock.instant()).toMillis(), last.leader(), last.master());
            return last.leader();
        }
        return seer.apply(excluded);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
