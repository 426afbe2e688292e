package dev.ddb.metrics.tracking;

import java.util.List;
import java.util.Optional;

/**
 * The master is the instance whose {@code ddb_meta.state} holds the master role at the highest
 * epoch: a promotion raises the epoch, so a deposed master that still claims the role loses to its
 * successor. An unreachable instance's last known state still counts, so a master that just died
 * stays the reference for lag until another is promoted. Equal epochs go to the first instance in
 * configuration order, as the coordinator decides at start.
 */
public final class MasterChoice {

    private MasterChoice() {
    }

    public static Optional<TrackedInstance> among(List<TrackedInstance> instances) {
        TrackedInstance master = null;
        for (TrackedInstance instance : instances) {
            Probe probe = instance.lastProbe();
            if (probe != null && probe.holdsMasterRole()
                    && (master == null || probe.epoch() > master.lastProbe().epoch())) {
                master = instance;
            }
        }
        return Optional.ofNullable(master);
    }
}
