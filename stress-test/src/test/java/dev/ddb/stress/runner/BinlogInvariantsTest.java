package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The binlog mode's checks of answered timestamps and binary log positions, on values a run could produce. */
class BinlogInvariantsTest {

    private static final Map<String, Long> ALL_AT_12 = positions(12, 12, 12);

    @Test
    void distinctTimestampsUpToTheConvergedPositionHold() {
        List<AckLog.Ack> acks = List.of(insert("k1", 10), insert("k2", 11), insert("k3", 12));

        assertThat(BinlogInvariants.check(acks, 12, ALL_AT_12)).isEmpty();
    }

    @Test
    void writesWithoutATimestampAreNotChecked() {
        List<AckLog.Ack> acks = List.of(new AckLog.Ack("bench", "b1", "direct-0", 0, null, null), insert("k1", 12));

        assertThat(BinlogInvariants.check(acks, 12, ALL_AT_12)).isEmpty();
    }

    @Test
    void aTimestampPastTheConvergedPositionIsAWriteNoBinaryLogHolds() {
        List<AckLog.Ack> acks = List.of(insert("k1", 12), insert("k2", 13));

        assertThat(BinlogInvariants.check(acks, 12, ALL_AT_12)).containsExactly(
                "acknowledged timestamps in the binary log: 1 acknowledged writes' timestamps are not between 1 and"
                        + " the converged GTID position 12, e.g. k2 at 13");
    }

    @Test
    void aTimestampOfZeroIsNoGtid() {
        assertThat(BinlogInvariants.check(List.of(insert("k1", 0)), 12, ALL_AT_12)).singleElement().asString()
                .startsWith("acknowledged timestamps in the binary log: 1 ").endsWith("e.g. k1 at 0");
    }

    @Test
    void twoWritesThatChangedRowsMustNotShareATimestamp() {
        List<AckLog.Ack> acks = List.of(insert("k1", 11), insert("k2", 11), insert("k3", 12));

        assertThat(BinlogInvariants.check(acks, 12, ALL_AT_12)).containsExactly(
                "unique timestamps: 1 timestamps were answered for two acknowledged writes that changed rows, e.g."
                        + " 11 (k1, k2)");
    }

    @Test
    void writesThatChangedNoRowMayShareTheCurrentPosition() {
        List<AckLog.Ack> acks = List.of(insert("k1", 11),
                new AckLog.Ack("t", "k2", "c", 1, 11L, 0L), new AckLog.Ack("t", "k3", "c", 2, 11L, 0L));

        assertThat(BinlogInvariants.check(acks, 12, ALL_AT_12)).isEmpty();
    }

    @Test
    void anAnswerWithoutRowsAffectedCountsAsAChange() {
        List<AckLog.Ack> acks = List.of(new AckLog.Ack("t", "k1", "c", 0, 11L, null),
                new AckLog.Ack("t", "k2", "c", 1, 11L, null));

        assertThat(BinlogInvariants.check(acks, 12, ALL_AT_12)).singleElement().asString()
                .startsWith("unique timestamps:");
    }

    @Test
    void anInstanceWhoseBinaryLogEndsElsewhereIsNamedWithEveryPosition() {
        assertThat(BinlogInvariants.check(List.of(insert("k1", 12)), 12, positions(12, 12, 13))).containsExactly(
                "identical binary log positions: the domain-0 sequence of gtid_binlog_pos differs between instances"
                        + " after convergence: {instance-1=12, instance-2=12, instance-3=13}");
    }

    private static AckLog.Ack insert(String key, long timestamp) {
        return new AckLog.Ack("stress_rows", key, "concurrent-0", timestamp, timestamp, 1L);
    }

    private static Map<String, Long> positions(long... sequences) {
        Map<String, Long> positions = new LinkedHashMap<>();
        for (int i = 0; i < sequences.length; i++) {
            positions.put("instance-" + (i + 1), sequences[i]);
        }
        return positions;
    }
}
