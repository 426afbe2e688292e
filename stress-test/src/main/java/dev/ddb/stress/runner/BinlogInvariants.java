package dev.ddb.stress.runner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * The binlog mode's counterpart of the log invariants. MariaDB's own replication carries the writes there, so there
 * is no {@code ddb_meta.log} to compare; a write's timestamp is its GTID sequence number instead, and what every
 * instance holds is summed up by the domain-0 position of its binary log.
 */
final class BinlogInvariants {

    private BinlogInvariants() {
    }

    /**
     * @param acks every acknowledged write of the run so far; those answered without a timestamp are left out
     * @param converged the master's binary log position that every instance reached
     * @param binlogPositions each instance's domain-0 sequence of {@code gtid_binlog_pos}, read after convergence
     * @return one line per violated invariant, each starting with the invariant's name; empty when all hold
     */
    static List<String> check(List<AckLog.Ack> acks, long converged, Map<String, Long> binlogPositions) {
        List<String> violations = new ArrayList<>();
        Map<Long, String> owners = new HashMap<>();
        List<String> outside = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        for (AckLog.Ack ack : acks) {
            if (ack.timestamp() == null) {
                continue;
            }
            if (ack.timestamp() < 1 || ack.timestamp() > converged) {
                outside.add(ack.key() + " at " + ack.timestamp());
            }
            if (ack.changedRows()) {
                String earlier = owners.putIfAbsent(ack.timestamp(), ack.key());
                if (earlier != null) {
                    duplicates.add(ack.timestamp() + " (" + earlier + ", " + ack.key() + ")");
                }
            }
        }
        if (!outside.isEmpty()) {
            violations.add("acknowledged timestamps in the binary log: " + outside.size() + " acknowledged writes'"
                    + " timestamps are not between 1 and the converged GTID position " + converged + ", e.g. "
                    + InvariantChecker.examples(outside));
        }
        if (!duplicates.isEmpty()) {
            violations.add("unique timestamps: " + duplicates.size() + " timestamps were answered for two acknowledged"
                    + " writes that changed rows, e.g. " + InvariantChecker.examples(duplicates));
        }
        if (new HashSet<>(binlogPositions.values()).size() > 1) {
            violations.add("identical binary log positions: the domain-0 sequence of gtid_binlog_pos differs between"
                    + " instances after convergence: " + binlogPositions);
        }
        return violations;
    }
}
