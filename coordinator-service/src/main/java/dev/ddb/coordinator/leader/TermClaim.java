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
        Terms.ensure(connection);
        int ended = Terms.endOtherSessions(connection);
        boolean granted = Terms.claim(connection, term, coordinatorId);
        if (granted) {
            ended += Terms.endOtherSessions(connection);
            List<String> committed = PreparedBatches.commitOrphans(connection, instance.id());
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
        List<CompletableFuture<Long>> terms = new ArrayList<>();
        for (InstanceAddress instance : instances) {
            terms.add(CompletableFuture.supplyAsync(() -> {
                try (Connection connection = connections.open(instance)) {
                    return Terms.read(connection).term();
                } catch (SQLException | RuntimeException e) {
                    log.debug("{} did not tell its term: {}", instance.id(), e.getMessage());
                    return -1L;
                }
            }, CLAIMS));
        }
        long highest = terms.stream().mapToLong(CompletableFuture::join).max().orElse(0);
        long term = Math.max(Math.max(highest, 0) + 1, atLeast);
        long answered = terms.stream().filter(t -> t.join() >= 0).count();
        if (answered < majorityOf(instances.size())) {
            // Cut off from most instances, it could not win, but claiming the few it reaches (the master among them,
            // maybe) would still depose a leader that reaches the rest: it claims nothing.
            return new Outcome(term, List.of(), instances.stream().map(InstanceAddress::id).toList(), Math.max(highest, 0));
        }
        List<CompletableFuture<Boolean>> claims = new ArrayList<>();
        for (InstanceAddress instance : instances) {
            claims.add(CompletableFuture.supplyAsync(() -> {
                try (Connection connection = connections.open(instance)) {
                    if (!endingOthers) {
                        Terms.ensure(connection);
                        return Terms.claim(connection, term, coordinatorId);
                    }
                    return claimEnding(connection, instance, term, coordinatorId);
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
}
