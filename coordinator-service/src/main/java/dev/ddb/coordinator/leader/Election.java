package dev.ddb.coordinator.leader;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Bully rule the seeds use, with two changes. Among the live coordinators the one of highest rank stands; but a
 * coordinator never stands against a live leader, even one of lower rank (a coordinator that comes back does not depose
 * a healthy leader), and standing only starts a claim: nobody leads until a majority of the instances granted its term
 * ({@link TermClaim}). A lower-ranked coordinator stands too once no leader has appeared for {@code patience}, in case
 * the higher one is alive but cannot reach the instances.
 */
public final class Election {

    /** What this coordinator should do now. */
    public sealed interface Decision {
    }

    /** Keep leading, or claim the next term. */
    public record Lead() implements Decision {
    }

    /** Another coordinator leads: send it writes. */
    public record Follow(CoordinatorReport leader) implements Decision {
    }

    /** No leader yet, and a higher-ranked live coordinator should stand first. */
    public record Wait(String forWhom) implements Decision {
    }

    private Election() {
    }

    /**
     * @param self this coordinator's rank, whether it may stand and whether it leads now
     * @param alive what each other live coordinator said last, with its rank
     * @param leaderlessFor how long this coordinator has seen no leader
     */
    public static Decision decide(int selfRank, boolean selfEligible, boolean selfLeading, List<Ranked> alive,
            Duration leaderlessFor, Duration patience) {
        Optional<Ranked> leader = alive.stream().filter(r -> r.report().leading())
                .max(Comparator.comparingLong((Ranked r) -> r.report().term()).thenComparingInt(Ranked::rank));
        if (selfLeading) {
            return new Lead();
        }
        if (leader.isPresent()) {
            return new Follow(leader.get().report());
        }
        if (!selfEligible) {
            return new Wait("a coordinator that may stand (this one was deposed)");
        }
        Optional<Ranked> higher = alive.stream().filter(r -> r.report().eligible() && r.rank() > selfRank)
                .max(Comparator.comparingInt(Ranked::rank));
        if (higher.isPresent() && leaderlessFor.compareTo(patience) < 0) {
            return new Wait(higher.get().report().id());
        }
        return new Lead();
    }

    /** A live coordinator's last report and its rank. */
    public record Ranked(int rank, CoordinatorReport report) {
    }
}
