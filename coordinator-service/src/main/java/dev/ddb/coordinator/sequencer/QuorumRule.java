package dev.ddb.coordinator.sequencer;

import java.util.Set;

/**
 * When a STRONG write may be acknowledged, given the replicas that have applied it (the master
 * always has). Cabinet's weighted quorum implements this; until its weights are known, a majority
 * of the replicas does.
 */
public interface QuorumRule {

    boolean isSatisfiedBy(Set<String> acknowledgingReplicas);

    /** A short description for /status and error messages, such as "majority: 2 of 3 replicas". */
    String describe();

    static QuorumRule majorityOf(Set<String> replicas) {
        int needed = replicas.size() / 2 + 1;
        return new QuorumRule() {
            @Override
            public boolean isSatisfiedBy(Set<String> acknowledgingReplicas) {
                return acknowledgingReplicas.stream().filter(replicas::contains).count() >= needed;
            }

            @Override
            public String describe() {
                return "majority: " + needed + " of " + replicas.size() + " replicas";
            }
        };
    }
}
