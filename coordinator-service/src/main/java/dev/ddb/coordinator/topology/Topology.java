package dev.ddb.coordinator.topology;

import java.util.List;

import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.InstanceAddress;

/**
 * Which instance is the master, in which epoch. Everything else is a replica. The master moves on
 * failover, so callers ask for it each time instead of keeping it.
 */
public final class Topology {

    private final ClusterTopology cluster;
    private volatile Role current;

    /** The master resolved once per promotion: every write asks for it. */
    private record Role(InstanceAddress master, long epoch) {
    }

    public Topology(ClusterTopology cluster, String masterId, long epoch) {
        this.cluster = cluster;
        this.current = new Role(require(masterId), epoch);
    }

    public List<InstanceAddress> instances() {
        return cluster.instances();
    }

    public InstanceAddress master() {
        return current.master();
    }

    public long epoch() {
        return current.epoch();
    }

    public List<InstanceAddress> replicas() {
        String masterId = current.master().id();
        return cluster.instances().stream().filter(i -> !i.id().equals(masterId)).toList();
    }

    public InstanceAddress require(String id) {
        return cluster.find(id).orElseThrow(() -> new IllegalArgumentException(
                "unknown instance '" + id + "'; configured: " + cluster.instances().stream().map(InstanceAddress::id).toList()));
    }

    /** Makes {@code id} the master of {@code epoch}; epochs only move forward. */
    public synchronized void promote(String id, long epoch) {
        InstanceAddress master = require(id);
        if (epoch <= current.epoch()) {
            throw new IllegalStateException("epoch " + epoch + " is not after the current epoch " + current.epoch());
        }
        current = new Role(master, epoch);
    }
}
