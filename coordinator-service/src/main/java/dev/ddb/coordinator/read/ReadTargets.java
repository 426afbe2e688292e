package dev.ddb.coordinator.read;

import java.util.List;

/**
 * Where reads may go at one moment: the master and what each replica's applier reports. Taken as
 * one snapshot per read, so a failover cannot pair one master with another moment's replicas.
 *
 * @param replicas one view per replica; a view of the master itself is ignored
 */
public record ReadTargets(String masterId, List<ReplicaView> replicas) {

    public ReadTargets {
        if (masterId == null || masterId.isBlank()) {
            throw new IllegalArgumentException("read targets need a master");
        }
        replicas = List.copyOf(replicas);
    }
}
