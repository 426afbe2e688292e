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

    /**
     * A majority of the replicas there are now, counted against as many as there were at first: a replica that
     * leaves the set (promoted, or detached after a failover) still counts, so the rule never asks less of fewer
     * replicas than the cluster was built to tolerate.
     *
     * @param replicas a live view of the replica set
     */
    static QuorumRule majorityOf(Set<String> replicas) {
        int counted = replicas.size();
        int needed = counted / 2 + 1;
        return new QuorumRule() {
            @Override
            public boolean isSatisfiedBy(Set<String> acknowledgingReplicas) {
                return acknowledgingReplicas.stream().filter(replicas::contains).count() >= needed;
            }

            @Override
            public String describe() {
                int now = replicas.size();
                return "majority: " + needed + " of " + counted + " replicas"
                        + (now == counted ? "" : " (" + now + " in the replica set now)");
            }
        };
    }
}
