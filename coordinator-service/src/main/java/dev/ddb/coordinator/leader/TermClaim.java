package dev.ddb.coordinator.leader;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private TermClaim() {
    }

    /** More than half. */
    public static int majorityOf(int configured) {
        return configured / 2 + 1;
    }

    /**
     * Claims the term after the highest any reachable instance holds (at least {@code atLeast}) for {@code coordinatorId}
     * on every instance.
     */
    public static Outcome attempt(List<InstanceAddress> instances, Connections connections, String coordinatorId,
            long atLeast) {
        long highest = 0;
        for (InstanceAddress instance : instances) {
            try (Connection connection = connections.open(instance)) {
                highest = Math.max(highest, Terms.read(connection).term());
            } catch (SQLException | RuntimeException e) {
                log.debug("{} did not tell its term: {}", instance.id(), e.getMessage());
            }
        }
        long term = Math.max(highest + 1, atLeast);
        List<String> granted = new ArrayList<>();
        List<String> notGranted = new ArrayList<>();
        for (InstanceAddress instance : instances) {
            try (Connection connection = connections.open(instance)) {
                Terms.ensure(connection);
                (Terms.claim(connection, term, coordinatorId) ? granted : notGranted).add(instance.id());
            } catch (SQLException | RuntimeException e) {
                notGranted.add(instance.id());
                log.debug("{} did not grant term {}: {}", instance.id(), term, e.getMessage());
            }
        }
        return new Outcome(term, List.copyOf(granted), List.copyOf(notGranted), highest);
    }
}
