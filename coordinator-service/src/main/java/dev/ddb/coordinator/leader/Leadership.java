package dev.ddb.coordinator.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Whether this coordinator leads, and in which term. It leads once it claimed a term on a majority of the configured
 * instances ({@link TermClaim}); every batch it writes carries that term ({@link Terms#FENCE}), so an instance claimed
 * since in a higher term refuses it. It stops leading as soon as it learns of a higher term.
 *
 * <p>One coordinator per suite today: it claims at start, so a second coordinator started against the same instances
 * (by mistake, or after a restart while the first one still runs) fences the first instead of writing beside it.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Leadership.class);
    private static final Duration CLAIM_PAUSE = Duration.ofMillis(250);

    private final String coordinatorId;
    private final List<InstanceAddress> instances;
    private final TermClaim.Connections connections;
    private volatile long term;
    private volatile boolean leading;
    private volatile String lostBecause = "it has not claimed a term yet";
    /** Set once it stepped down: another coordinator leads, and this one must not claim against it. */
    private volatile boolean deposed;
    private final ScheduledExecutorService watch = DaemonThreads.scheduler("ddb-leadership");

    public Leadership(String coordinatorId, List<InstanceAddress> instances, TermClaim.Connections connections) {
        this.coordinatorId = coordinatorId;
        this.instances = List.copyOf(instances);
        this.connections = connections;
    }

    public String coordinatorId() {
        return coordinatorId;
    }

    /** The term this coordinator claimed last (0: none); its batches carry it. */
    public long term() {
        return term;
    }

    public boolean leading() {
        return leading;
    }

    /** Why it does not lead, for errors and logs; empty while it leads. */
    public String notLeadingBecause() {
        return leading ? "" : lostBecause;
    }

    /**
     * Claims the next term until it holds a majority or {@code patience} runs out.
     *
     * @return whether it leads now
     */
    public synchronized boolean claim(Duration patience) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long atLeast = term + 1;
        while (true) {
            TermClaim.Outcome outcome = TermClaim.attempt(instances, connections, coordinatorId, atLeast);
            if (outcome.won(instances.size())) {
                term = outcome.term();
                leading = true;
                log.info("{} leads in term {} (granted by {}{})", coordinatorId, term, String.join(", ", outcome.grantedBy()),
                        outcome.notGrantedBy().isEmpty() ? "" : "; not by " + String.join(", ", outcome.notGrantedBy()));
                return true;
            }
            atLeast = outcome.term() + 1;
            lostBecause = "it claimed term " + outcome.term() + " on " + outcome.grantedBy().size() + " of "
                    + instances.size() + " instances, and leading takes " + TermClaim.majorityOf(instances.size());
            if (System.nanoTime() > deadline) {
                log.warn("{} does not lead: {}", coordinatorId, lostBecause);
                return false;
            }
            Thread.sleep(CLAIM_PAUSE.toMillis());
        }
    }

    /**
     * Every {@code interval}: while leading, looks for a higher term ({@link #confirm}); while it never led (no majority
     * at start), claims again. Once deposed it leaves the leadership to the coordinator that took it.
     */
    public void watchEvery(Duration interval) {
        watch.scheduleWithFixedDelay(() -> {
            try {
                if (leading) {
                    confirm();
                } else if (!deposed) {
                    claim(Duration.ZERO);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.warn("checking the leadership failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        watch.shutdownNow();
    }

    /** An instance refused a batch of this term, or holds a higher one: another coordinator leads now. */
    public void stepDown(String reason) {
        if (leading) {
            deposed = true;
            leading = false;
            lostBecause = reason;
            log.warn("{} stops leading (term {}): {}", coordinatorId, term, reason);
        }
    }

    /**
     * Looks for a higher term on the instances it reaches and steps down if one holds it.
     *
     * @return whether it still leads
     */
    public boolean confirm() {
        for (InstanceAddress instance : instances) {
            try (Connection connection = connections.open(instance)) {
                Terms.Held held = Terms.read(connection);
                if (held.term() > term) {
                    stepDown(instance.id() + " holds term " + held.term() + " of " + held.leader());
                    break;
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("{} did not tell its term: {}", instance.id(), e.getMessage());
            }
        }
        return leading;
    }
}
