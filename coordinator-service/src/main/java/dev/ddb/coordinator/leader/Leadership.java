package dev.ddb.coordinator.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.log.PreparedBatches;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Whether this coordinator leads, and in which term. It leads once it claimed a term on a majority of the configured
 * instances ({@link TermClaim}); every batch it writes carries that term ({@link Terms#FENCE}), so an instance claimed
 * since in a higher term refuses it. It stops leading as soon as it learns of a higher term.
 *
 * <p>When to claim is the election's choice ({@link Campaign}); a claim fences whoever led before, whether it died, was
 * suspended, or still runs because it was started by mistake beside this one.
 */
public final class Leadership {

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
    /** The master as this coordinator's leader parts know it, once they run; null before. */
    private volatile Supplier<InstanceAddress> master;

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

    /** Whether it stepped down: another coordinator took the leadership, and this one no longer stands. */
    public boolean deposed() {
        return deposed;
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
        return claim(patience, true);
    }

    /**
     * As {@link #claim(Duration)}; {@code endingOthers} false when this coordinator's own parts run on the instances
     * already, whose sessions a claim must not end ({@link TermClaim#attempt(List, TermClaim.Connections, String, long,
     * boolean)}).
     */
    public synchronized boolean claim(Duration patience, boolean endingOthers) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long atLeast = term + 1;
        while (true) {
            TermClaim.Outcome outcome = TermClaim.attempt(instances, connections, coordinatorId, atLeast, endingOthers);
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
     * Claims this term on an instance that did not grant it. What usually stands in the way is a batch a dead
     * coordinator left prepared: it holds the term row it read until someone commits it, which the start's recovery
     * may have missed (prepared in the instant the start looked). Committing it is what that recovery does.
     */
    private boolean claimPastOrphans(Connection connection, InstanceAddress instance) throws SQLException {
        Supplier<InstanceAddress> known = master;
        // A master replaced while it was away keeps its prepared batches for the rejoin, which commits those the new
        // master's log holds and rolls back the rest; committing them here would make them divergent entries.
        if (known == null || known.get().id().equals(instance.id())) {
            PreparedBatches.commitOrphans(connection, instance.id());
        }
        return Terms.claim(connection, term, coordinatorId);
    }

    /** From now on a term is extended to a returning instance without committing its prepared batches unless it is this master. */
    public void knowTheMasterBy(Supplier<InstanceAddress> master) {
        this.master = master;
    }

    /**
     * Makes sure the master holds this coordinator's term before the leader's parts write to it: claimed on a majority
     * without the master (the claim found it busy), the old leader could otherwise still commit there beside the new
     * one. Used before this coordinator has sessions of its own on the master. A master out of reach is left to the
     * failover, which fences it with a new epoch.
     *
     * @return whether the master holds the term now (or is out of reach)
     */
    public boolean secure(InstanceAddress master) {
        if (!leading) {
            return true;
        }
        try (Connection connection = connections.open(master)) {
            Terms.Held held = Terms.read(connection);
            if (held.term() > term) {
                stepDown(master.id() + " holds term " + held.term() + " of " + held.leader());
                return false;
            }
            return held.term() == term || TermClaim.claimEnding(connection, master, term, coordinatorId);
        } catch (SQLException e) {
            log.warn("the master {} did not answer for its term ({}); the failover fences it if it is down", master.id(),
                    e.getMessage());
            return true;
        }
    }

    /**
     * Whether {@code leader} renewed its lease of {@code term} on some instance within {@code within}: alive, though its
     * heartbeats time out.
     */
    public boolean renewedWithin(String leader, long term, Duration within) {
        for (InstanceAddress instance : instances) {
            try (Connection connection = connections.open(instance)) {
                Terms.Lease lease = Terms.lease(connection);
                if (lease.term() == term && leader.equals(lease.leader()) && lease.renewedMillisAgo() < within.toMillis()) {
                    return true;
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("{} did not tell its lease: {}", instance.id(), e.getMessage());
            }
        }
        return false;
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
     * Looks for a higher term on the instances it reaches and steps down if one holds it. An instance that holds a lower
     * one (it did not grant the claim: it was out of reach, or a batch a dead leader left prepared held its row) is
     * claimed now, so that the old leader's batches are refused there too.
     *
     * @return whether it still leads
     */
    public boolean confirm() {
        return confirm(false);
    }

    /**
     * As {@link #confirm()}; with {@code requireMajority} it also steps down when fewer than a majority of the instances
     * answer holding its term. Another coordinator may then be claiming them, and a master cut off with this one would
     * otherwise go on taking its EVENTUAL writes after a failover elsewhere.
     */
    public boolean confirm(boolean requireMajority) {
        int holding = 0;
        for (InstanceAddress instance : instances) {
            try (Connection connection = connections.open(instance)) {
                Terms.Held held = Terms.read(connection);
                if (held.term() > term) {
                    stepDown(instance.id() + " holds term " + held.term() + " of " + held.leader());
                    return false;
                }
                if (held.term() == term) {
                    holding++;
                    if (leading) {
                        Terms.renew(connection, term);
                    }
                } else if (leading && claimPastOrphans(connection, instance)) {
                    holding++;
                    log.info("{} now holds term {} too (it held {})", instance.id(), term, held.term());
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("{} did not tell its term: {}", instance.id(), e.getMessage());
            }
        }
        if (requireMajority && leading && holding < TermClaim.majorityOf(instances.size())) {
            stepDown("only " + holding + " of " + instances.size() + " instances answer holding its term " + term
                    + ", and leading takes " + TermClaim.majorityOf(instances.size()));
        }
        return leading;
    }
}
