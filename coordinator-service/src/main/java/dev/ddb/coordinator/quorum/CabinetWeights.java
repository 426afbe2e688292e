package dev.ddb.coordinator.quorum;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.sequencer.QuorumRule;

/**
 * The quorum rule for STRONG writes: Cabinet's weights while cabinet-service's last answer is fresh and weighs the
 * coordinator's own master heaviest, the majority of replicas otherwise. Answers are fetched on a background thread,
 * so a write never waits for cabinet-service; {@link #current()} only reads what the last fetch left.
 */
public final class CabinetWeights implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CabinetWeights.class);

    private record Fetched(WeightedQuorumRule rule, CabinetAnswer answer, Instant at) {
    }

    private final Supplier<CabinetAnswer> cabinet;
    private final Supplier<String> master;
    private final QuorumRule majority;
    private final Duration maxAge;
    private final InstantSource clock;
    private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("ddb-cabinet-weights");
    private volatile Fetched fetched;
    private volatile String failure;
    private volatile Instant lastAttempt;

    /**
     * @param cabinet asks cabinet-service once; throws {@link CabinetUnavailableException} naming why it could not
     * @param master the id of the coordinator's master now
     * @param majority the rule used when Cabinet's weights are not usable
     * @param maxAge how old an answer may be and still be used
     */
    public CabinetWeights(Supplier<CabinetAnswer> cabinet, Supplier<String> master, QuorumRule majority, Duration maxAge,
            InstantSource clock) {
        this.cabinet = cabinet;
        this.master = master;
        this.majority = majority;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Fetches at once and then every {@code interval}, each fetch after the previous one finished. */
    public void start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The rule a STRONG write uses now; never waits. */
    public QuorumRule current() {
        return choice().rule();
    }

    public QuorumChoice choice() {
        Fetched last = fetched;
        String lastFailure = failure;
        if (last == null) {
            return fallback(lastFailure != null ? lastFailure : "no answer from cabinet-service yet", null);
        }
        long ageMillis = Duration.between(last.at(), clock.instant()).toMillis();
        if (ageMillis > maxAge.toMillis()) {
            String stale = "the last weights are " + ageMillis + " ms old (at most " + maxAge.toMillis() + " ms)";
            return fallback(lastFailure != null ? lastFailure + "; " + stale : stale, last);
        }
        String coordinatorMaster = master.get();
        if (!last.rule().master().equals(coordinatorMaster)) {
            return fallback("cabinet-service weighs " + last.rule().master() + " as the master but the master is "
                    + coordinatorMaster, last);
        }
        return new QuorumChoice(last.rule(), null, last.answer(), last.at());
    }

    /** When the last fetch was attempted, whatever its outcome; null before the first. */
    public Instant lastAttempt() {
        return lastAttempt;
    }

    void refresh() {
        lastAttempt = clock.instant();
        try {
            CabinetAnswer answer = cabinet.get();
            WeightedQuorumRule rule;
            try {
                rule = answer.toRule();
            } catch (IllegalArgumentException e) {
                throw new CabinetUnavailableException("cabinet-service's answer is unusable: " + e.getMessage(), e);
            }
            fetched = new Fetched(rule, answer, clock.instant());
            if (failure != null) {
                log.info("cabinet-service answers again; STRONG writes use its weights: {}", rule.describe());
            }
            failure = null;
        } catch (RuntimeException e) {
            String reason = e instanceof CabinetUnavailableException ? e.getMessage()
                    : "asking cabinet-service failed: " + e;
            if (failure == null) {
                log.warn("{}; STRONG writes fall back to a majority of replicas until it answers", reason);
            } else {
                log.debug("cabinet-service still without weights: {}", reason);
            }
            failure = reason;
        }
    }

    private QuorumChoice fallback(String reason, Fetched last) {
        return new QuorumChoice(majority, reason, last == null ? null : last.answer(), last == null ? null : last.at());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
