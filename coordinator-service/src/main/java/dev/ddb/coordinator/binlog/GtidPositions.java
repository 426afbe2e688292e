package dev.ddb.coordinator.binlog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one instance of the binlog mode stands, in the suite's GTID domain: what its binary log holds (its own
 * writes as a master and, with {@code log_slave_updates}, what it applied as a replica), what it applied as a
 * replica, what its I/O thread received into the relay log, and per server id the last GTID its binary log holds
 * ({@code gtid_binlog_state}), which tells whether it holds transactions another instance lacks.
 *
 * @param lastByServer the sequence number of the last GTID of each server id in the binary log
 */
public record GtidPositions(long binlogSeq, long appliedSeq, long receivedSeq, Map<Long, Long> lastByServer) {

    public static GtidPositions read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            long binlog;
            long applied;
            Map<Long, Long> byServer = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT @@GLOBAL.gtid_binlog_pos, @@GLOBAL.gtid_slave_pos, @@GLOBAL.gtid_binlog_state")) {
                rows.next();
                binlog = Gtid.sequenceIn(rows.getString(1));
                applied = Gtid.sequenceIn(rows.getString(2));
                String state = rows.getString(3);
                if (state != null && !state.isBlank()) {
                    for (String part : state.split(",")) {
                        Gtid gtid = Gtid.parse(part);
                        if (gtid.domain() == Gtid.DOMAIN) {
                            byServer.merge(gtid.serverId(), gtid.sequence(), Math::max);
                        }
                    }
                }
            }
            long received = 0;
            try (ResultSet rows = statement.executeQuery("SHOW SLAVE STATUS")) {
                if (rows.next()) {
                    received = Gtid.sequenceIn(rows.getString("Gtid_IO_Pos"));
                }
            }
            return new GtidPositions(binlog, applied, received, byServer);
        }
    }

    /** The furthest this instance has got: written, applied, or received and waiting in its relay log. */
    public long highest() {
        return Math.max(binlogSeq, Math.max(appliedSeq, receivedSeq));
    }

    /**
     * The transactions in this instance's binary log that {@code master}'s lacks (errant GTIDs): for each server id,
     * the range above the last one the master holds of it. In one domain under {@code gtid_strict_mode}, every
     * transaction of a server id up to the master's last one of it is one the master holds.
     *
     * @return one {@code [serverId, firstMissingSeq, lastSeq]} per server id with any, in server id order
     */
    public List<long[]> beyond(GtidPositions master) {
        List<long[]> errant = new ArrayList<>();
        lastByServer.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry -> {
            long mastersLast = master.lastByServer().getOrDefault(entry.getKey(), 0L);
            if (entry.getValue() > mastersLast) {
                errant.add(new long[] {entry.getKey(), mastersLast + 1, entry.getValue()});
            }
        });
        return errant;
    }
}
