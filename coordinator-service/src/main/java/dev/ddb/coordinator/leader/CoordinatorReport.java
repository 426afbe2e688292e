package dev.ddb.coordinator.leader;

import java.util.List;

import dev.ddb.coordinator.read.ReplicaView;

/**
 * What a coordinator tells the others about itself, every heartbeat ({@code GET /internal/coordinator}).
 *
 * @param id its id, {@code coordinator-N}
 * @param role {@code leader} once it claimed a term on a majority of the instances, {@code follower} otherwise
 * @param term the term it claimed last (0: none)
 * @param eligible whether it may stand: a coordinator that was deposed does not until it is restarted
 * @param ready a leader whose sequencer and appliers run, so it takes writes
 * @param view where reads may go, as the leader's appliers see it; null unless a ready leader
 */
public record CoordinatorReport(String id, String role, long term, boolean eligible, boolean ready, View view) {

    public static final String LEADER = "leader";
    public static final String FOLLOWER = "follower";

    /** The master, its epoch, and each replica as the leader's applier for it reports. */
    public record View(String master, long epoch, List<ReplicaView> replicas) {
    }

    public boolean leading() {
        return LEADER.equals(role);
    }
}
