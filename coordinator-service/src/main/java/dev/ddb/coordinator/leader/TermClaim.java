package dev.ddb.coordinator.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.ddb.coordinator.DaemonThreads;
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
     * @param notGrantedBy the others: unreachable, busy past the claim's lock wait, already in this term or a higher one,
     *     or not answered yet when a majority had granted
     * @param highestSeen the highest term any instance held before the attempt
     */
    public record Outcome(long term, List<String> grantedBy, List<String> notGrantedBy, long highestSeen) {

        /** Whether the grants make a majority of {@code configured} instances. */
        public boolean won(int configured) {
            return grantedBy.size() >= majorityOf(configured);
        }
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
     * on every instance, all at once. It returns as soon as a majority granted: an instance that makes the claim wait (a
     * batch a dead coordinator left prepared holds its term row) does not hold up a takeover, and grants still on their
     * way count later ({@link Leadership#confirm}).
     */
    public static Outcome attempt(List<InstanceAddress> instances, Connections connections, String coordinatorId,
            long atLeast) {
        List<CompletableFuture<Long>> terms = new ArrayList<>();
        for (InstanceAddress instance : instances) {
            terms.add(CompletableFuture.supplyAsync(() -> {
                try (Connection connection = connections.open(instance)) {
                    return Terms.read(connection).term();
                } catch (SQLException | RuntimeException e) {
                    log.debug("{} did not tell its term: {}", instance.id(), e.getMessage());
                    return 0L;
                }
            }, CLAIMS));
        }
        long highest = terms.stream().mapToLong(CompletableFuture::join).max().orElse(0);
        long term = Math.max(highest + 1, atLeast);
        CountDownLatch majority = new CountDownLatch(majorityOf(instances.size()));
        CountDownLatch answered = new CountDownLatch(instances.size());
        Map<String, Boolean> grants = new ConcurrentHashMap<>();
        for (InstanceAddress instance : instances) {
            CLAIMS.execute(() -> {
                boolean granted = false;
                try (Connection connection = connections.open(instance)) {
                    Terms.ensure(connection);
                    granted = Terms.claim(connection, term, coordinatorId);
                } catch (SQLException | RuntimeException e) {
                    log.debug("{} did not grant term {}: {}", instance.id(), term, e.getMessage());
                }
                grants.put(instance.id(), granted);
                if (granted) {
                    majority.countDown();
                }
                answered.countDown();
            });
        }
        try {
            while (majority.getCount() > 0 && !answered.await(5, TimeUnit.MILLISECONDS)) {
                // until a majority granted or every instance answered
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> granted = new ArrayList<>();
        List<String> notGranted = new ArrayList<>();
        for (InstanceAddress instance : instances) {
            (Boolean.TRUE.equals(grants.get(instance.id())) ? granted : notGranted).add(instance.id());
        }
        return new Outcome(term, List.copyOf(granted), List.copyOf(notGranted), highest);
    }
}
