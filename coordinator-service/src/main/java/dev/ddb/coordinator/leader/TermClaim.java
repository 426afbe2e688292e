package dev.ddb.coordinator.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
import dev.ddb.coordinator.log.InstanceRole;
import dev.ddb.coordinator.log.InstanceState;
import dev.ddb.coordinator.log.PreparedBatches;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * One attempt to lead: read the terms the reachable instances hold, then claim the next one on every instance. The
 * attempt wins when a majority of all the configured instances (reachable or not) granted it: two coordinators can
 * never both hold a majority in the same term, and an instance that granted a term never takes a batch of a lower one.
 */
public final class TermClaim {

    private static final Logger log = LoggerFactory.getLogger(TermClaim.class);

    /** Opens a connection to an instance, as the coordinator's connector does. */
    @FunctionalInterface
    public interface Connections {
        Connection open(InstanceAddress instance) throws SQLException;
    }

    /**
     * What an attempt came to.
     *
     * @param term the term claimed
     * @param grantedBy the instances that now hold it for this coordinator
     * @param notGrantedBy the others: unreachable, busy past the claim's lock wait, or already in this term or a higher one

     * @param highestSeen the highest term any instance held before the attempt
     */
    public record Outcome(long term, List<String> grantedBy, List<String> notGrantedBy, long highestSeen) {

        /** Whether the grants make a majority of {@code configured} instances. */
        public boolean won(int configured) {
            return grantedBy.size() >= majorityOf(configured);
        }
    }

    /**
     * Claims one instance for a coordinator that runs nothing there yet: ends the sessions of whoever led (their
     * running batches roll back, their prepared ones become orphans), claims, ends any that came back meanwhile, and
     * commits the orphans, which the old leader's successor must see in the log before it appends anything.
     */
    static boolean claimEnding(Connection connection, InstanceAddress instance, long term, String coordinatorId)
            throws SQLException {
        return claimEnding(connection, instance, term, coordinatorId, true);
    }

    /**
     * @param newestMaster whether the instance is the master of the newest epoch any instance answered with: only
     *     there are the orphans batches of the current log. A master a failover replaced while it was away keeps
     *     them for the rejoin, which commits those the new master's log holds and rolls back the rest.
     */
    static boolean claimEnding(Connection connection, InstanceAddress instance, long term, String coordinatorId,
            boolean newestMaster) throws SQLException {
        Terms.ensure(connection);
        int ended = Terms.endOtherSessions(connection);
        boolean granted = Terms.claim(connection, term, coordinatorId);
        if (granted) {
            ended += Terms.endOtherSessions(connection);
            List<String> committed = newestMaster ? PreparedBatches.commitOrphans(connection, instance.id()) : List.of();
            if (ended > 0 || !committed.isEmpty()) {
                log.info("claiming term {} on {} ended {} session(s) of the previous leader and committed {} batch(es)"
                        + " it had prepared", term, instance.id(), ended, committed.size());
            }
        }
        return granted;
    }

    /** Claims and reads run on these, one per instance at a time. */
    private static final ExecutorService CLAIMS = Executors.newCachedThreadPool(DaemonThreads.named("ddb-term-claim"));

    private TermClaim() {
    }

    /** More than half. */
    public static int majorityOf(int configured) {
        return configured / 2 + 1;
    }

    /**
     * Claims the term after the highest any reachable instance holds (at least {@code atLeast}) for {@code coordinatorId}
     * on every instance, all at once ({@link #claimEnding}), and waits for every answer: a grant still on its way
     * when the winner started writing would end the winner's own sessions.
     */
    public static Outcome attempt(List<InstanceAddress> instances, Connections connections, String coordinatorId,
            long atLeast) {
        return attempt(instances, connections, coordinatorId, atLeast, true);
    }

    /**
     * As {@link #attempt(List, Connections, String, long)}; without {@code endingOthers} it only claims, for a
     * coordinator whose own parts already run on the instances (the suite's only coordinator, which starts them
     * whether or not it won).
     */
    public static Outcome attempt(List<InstanceAddress> instances, Connections connections, String coordinatorId,
            long atLeast, boolean endingOthers) {
        List<CompletableFuture<Seen>> seen = new ArrayList<>();
        for (InstanceAddress instance : instances) {
            seen.add(CompletableFuture.supplyAsync(() -> Seen.read(instance, connections), CLAIMS));
        }
        long highest = seen.stream().mapToLong(s -> s.join().term()).max().orElse(0);
        long newestEpoch = seen.stream().mapToLong(s -> s.join().epoch()).max().orElse(0);
        long term = Math.max(Math.max(highest, 0) + 1, atLeast);
        long answered = seen.stream().filter(s -> s.join().term() >= 0).count();
        if (answered < majorityOf(instances.size())) {
            // Cut off from most instances, it could not win, but claiming the few it reaches (the master among them,
            // maybe) would still depose a leader that reaches the rest: it claims nothing.
            return new Outcome(term, List.of(), instances.stream().map(InstanceAddress::id).toList(), Math.max(highest, 0));
        }
        List<CompletableFuture<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            InstanceAddress instance = instances.get(i);
            Seen before = seen.get(i).join();
            boolean newestMaster = !before.stateKnown() || before.master() && before.epoch() >= newestEpoch;
            claims.add(CompletableFuture.supplyAsync(() -> {
                try (Connection connection = connections.open(instance)) {
                    if (!endingOthers) {
                        Terms.ensure(connection);
                        return Terms.claim(connection, term, coordinatorId);
                    }
                    return claimEnding(connection, instance, term, coordinatorId, newestMaster);
                } catch (SQLException | RuntimeException e) {
                    log.debug("{} did not grant term {}: {}", instance.id(), term, e.getMessage());
                    return false;
                }
            }, CLAIMS));
        }
        List<String> granted = new ArrayList<>();
        List<String> notGranted = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            (claims.get(i).join() ? granted : notGranted).add(instances.get(i).id());
        }
        return new Outcome(term, List.copyOf(granted), List.copyOf(notGranted), Math.max(highest, 0));
    }

    /**
     * What an instance held before a claim: its term (-1: it did not answer), and its epoch and role; an instance whose
     * state could not be read counts as a master of the newest epoch, so its orphans are committed as before.
     */
    private record Seen(long term, long epoch, boolean master, boolean stateKnown) {

        static Seen read(InstanceAddress instance, Connections connections) {
            try (Connection connection = connections.open(instance)) {
                long term = Terms.read(connection).term();
                try {
                    InstanceState state = InstanceState.read(connection);
                    return new Seen(term, state.epoch(), state.role() == InstanceRole.MASTER, true);
                } catch (SQLException | RuntimeException e) {
                    return new Seen(term, -1, false, false);
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("{} did not tell its term: {}", instance.id(), e.getMessage());
                return new Seen(-1, -1, false, true);
            }
        }
    }
}
