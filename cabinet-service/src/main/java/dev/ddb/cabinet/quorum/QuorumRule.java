package dev.ddb.cabinet.quorum;

import java.util.List;
import java.util.Set;

/**
 * Decides whether a set of nodes that acknowledged a write is enough to commit it.
 * Ids in the acknowledger set that are not nodes of the rule count for nothing.
 */
public interface QuorumRule {

    /** Every node the rule counts, the master included. */
    List<String> nodeIds();

    boolean isSatisfiedBy(Set<String> acknowledgers);
}
