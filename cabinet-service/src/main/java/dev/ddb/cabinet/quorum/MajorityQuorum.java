package dev.ddb.cabinet.quorum;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A plain majority of all nodes: the fallback when Cabinet's weights are not available
 * (cabinet-service unreachable), because it needs no metrics and is never less safe.
 */
public record MajorityQuorum(List<String> nodeIds) implements QuorumRule {

    public MajorityQuorum {
        nodeIds = List.copyOf(nodeIds);
        if (nodeIds.isEmpty()) {
            throw new IllegalArgumentException("a majority quorum needs at least one node");
        }
        if (new HashSet<>(nodeIds).size() != nodeIds.size()) {
            throw new IllegalArgumentException("node ids must be unique, got " + nodeIds);
        }
    }

    /** The smallest number of acknowledgers that is a majority. */
    public int quorumSize() {
        return nodeIds.size() / 2 + 1;
    }

    @Override
    public boolean isSatisfiedBy(Set<String> acknowledgers) {
        long acknowledged = nodeIds.stream().filter(acknowledgers::contains).count();
        return acknowledged >= quorumSize();
    }
}
