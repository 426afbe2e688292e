package dev.ddb.coordinator.sequencer;

/** How much a client waits for: the master alone, or a quorum of replicas as well. */
public enum Consistency {
    /** The master commits, the client is answered, replicas follow. */
    EVENTUAL,
    /** The client is answered once a quorum of replicas has applied the write. */
    STRONG
}
