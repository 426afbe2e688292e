package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.EntryChecksum;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.mysql.cluster.InstanceAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Brings one replica up to another instance's log, the way a failover catches its winner up before
 * promoting it: the source's committed entries above the replica's {@code applied_ts} are verified and
 * applied exactly as an applier would, so the promoted master holds every entry any reachable instance has.
 * The replica's own applier must be stopped first: two writers would race on {@code applied_ts}.
 */
public final class PeerCatchUp {

    private static final int CHUNK = 500;

    private PeerCatchUp() {
    }

    /**
     * @return the replica's {@code applied_ts} afterwards, at least {@code targetTs}
     * @throws SQLException if either instance cannot be read or written
     * @throws IllegalStateException if the source's log ends before {@code targetTs} or an entry is corrupt
     */
    public static long bringUp(InstanceAddress replica, InstanceAddress source, long targetTs, InstanceConnector connector)
            throws SQLException {
        ReplicationLog log = new ReplicationLog();
        try (ReplicaSession session = ReplicaSession.open(replica, connector, log);
             Connection sourceConnection = connector.open(source)) {
            session.resolveInDoubtSchemaChange();
            while (session.appliedTs() < targetTs) {
                List<LogEntry> chunk = log.readAfter(sourceConnection, session.appliedTs(), CHUNK);
                if (chunk.isEmpty()) {
                    throw new IllegalStateException(source.id() + "'s log ends at " + session.appliedTs() + ", before "
                            + targetTs + "; " + replica.id() + " cannot be caught up from it");
                }
                for (LogEntry entry : chunk) {
                    if (!entry.checksumValid()) {
                        throw new IllegalStateException(String.format("entry ts=%d on %s carries checksum %08x but its "
                                + "content gives %08x; not applied", entry.ts(), source.id(), entry.checksum(),
                                EntryChecksum.of(entry)));
                    }
                }
                session.apply(chunk);
            }
            return session.appliedTs();
        }
    }
}
