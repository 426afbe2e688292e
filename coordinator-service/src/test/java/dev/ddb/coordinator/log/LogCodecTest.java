package dev.ddb.coordinator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

class LogCodecTest {

    private final LogCodec codec = new LogCodec();

    private static LogEntry sample() {
        return LogEntry.create(1_000_003, "TXN-1700000000000-0badf00d", 2,
                List.of(new LoggedStatement("INSERT INTO products (name, price) VALUES (?, ?), (?, ?)",
                                Arrays.asList("Grüße \"quoted\" ✓", new BigDecimal("19.90"), null, new BigDecimal("1E-7")), 41),
                        new LoggedStatement("UPDATE products SET stock = ? WHERE id = ? AND active = ?",
                                Arrays.asList(Long.MAX_VALUE, new BigInteger("18446744073709551615"), false), 0)),
                "1700000000.000001", Set.of("ddb.products", "ddb.users"), Privileges.CLIENT);
    }

    @Test
    void anEntrySurvivesTheRoundTripWithItsChecksum() {
        LogEntry entry = sample();
        LogEntry decoded = codec.decode(codec.encode(entry));
        assertThat(decoded).isEqualTo(entry);
        assertThat(decoded.checksumValid()).isTrue();
        assertThat(decoded.statements().get(0).params().get(1)).isEqualTo(new BigDecimal("19.90"));
    }

    @Test
    void theColumnsHoldTheDocumentedJson() {
        LogCodec.Row row = codec.encode(sample());
        assertThat(row.statements()).startsWith("[{\"sql\":\"INSERT INTO products").contains("\"insert_id\":41")
                .contains("\"params\":[\"Grüße \\\"quoted\\\" ✓\",19.90,null,");
        assertThat(row.context()).isEqualTo("{\"session_timestamp\":\"1700000000.000001\",\"runs_as\":\"client\"}");
        assertThat(row.tablesTouched()).isEqualTo("ddb.products,ddb.users");
    }

    @Test
    void theSuitesEntryReadsBackAsTheSuites() {
        LogEntry suite = LogEntry.create(1, "TXN-1-00000000", 0, List.of(new LoggedStatement("DO 1", List.of(), 0)), "5",
                Set.of(), Privileges.SUITE);
        LogCodec.Row row = codec.encode(suite);
        assertThat(row.context()).contains("\"runs_as\":\"suite\"");
        assertThat(codec.decode(row)).isEqualTo(suite);
        assertThat(suite.checksum()).isNotEqualTo(LogEntry.create(1, "TXN-1-00000000", 0,
                List.of(new LoggedStatement("DO 1", List.of(), 0)), "5", Set.of(), Privileges.CLIENT).checksum());
    }

    @Test
    void aRowWrittenBeforeEntriesSaidWhoseTheyAreReadsBackAsTheSuitesWithItsChecksum() {
        LogCodec.Row row = codec.encode(sample());
        // The sample as the previous version logged it: no runs_as, and the checksum that version computed.
        LogCodec.Row old = new LogCodec.Row(row.ts(), row.txnId(), row.epoch(), row.statements(),
                "{\"session_timestamp\":\"1700000000.000001\"}", row.tablesTouched(), 4_232_033_008L);

        LogEntry decoded = codec.decode(old);

        assertThat(decoded.runsAs()).isEqualTo(Privileges.SUITE);
        assertThat(decoded.checksumValid()).isTrue();
    }

    @Test
    void aClientsRowMadeToLookLikeTheSuitesFailsItsChecksum() {
        LogCodec.Row row = codec.encode(sample());
        LogCodec.Row moved = new LogCodec.Row(row.ts(), row.txnId(), row.epoch(), row.statements(),
                row.context().replace("client", "suite"), row.tablesTouched(), row.checksum());
        LogCodec.Row stripped = new LogCodec.Row(row.ts(), row.txnId(), row.epoch(), row.statements(),
                "{\"session_timestamp\":\"1700000000.000001\"}", row.tablesTouched(), row.checksum());
        assertThat(codec.decode(moved).checksumValid()).isFalse();
        assertThat(codec.decode(stripped).checksumValid()).isFalse();
        assertThatThrownBy(() -> codec.decode(new LogCodec.Row(row.ts(), row.txnId(), row.epoch(), row.statements(),
                row.context().replace("client", "root"), row.tablesTouched(), row.checksum())))
                .isInstanceOf(CorruptEntryException.class).hasMessageContaining("runs_as");
    }

    @Test
    void anEntryWithoutTablesKeepsAnEmptySet() {
        LogEntry entry = LogEntry.create(1, "TXN-1-00000000", 0, List.of(new LoggedStatement("DO 1", List.of(), 0)), "5", Set.of(),
                Privileges.CLIENT);
        assertThat(codec.encode(entry).tablesTouched()).isEmpty();
        assertThat(codec.decode(codec.encode(entry))).isEqualTo(entry);
    }

    @Test
    void aDamagedValueDecodesButFailsItsChecksum() {
        LogCodec.Row row = codec.encode(sample());
        LogCodec.Row damaged = new LogCodec.Row(row.ts(), row.txnId(), row.epoch(), row.statements().replace("19.90", "19.91"),
                row.context(), row.tablesTouched(), row.checksum());
        assertThat(codec.decode(damaged).checksumValid()).isFalse();
    }

    @Test
    void anUnreadableRowIsReportedAsCorrupt() {
        LogCodec.Row row = codec.encode(sample());
        assertThatThrownBy(() -> codec.decode(new LogCodec.Row(row.ts(), row.txnId(), row.epoch(),
                row.statements().substring(0, 20), row.context(), row.tablesTouched(), row.checksum())))
                .isInstanceOf(CorruptEntryException.class).hasMessageContaining("ts=1000003");
        assertThatThrownBy(() -> codec.decode(new LogCodec.Row(row.ts(), row.txnId(), row.epoch(),
                "[{\"params\":[]}]", row.context(), row.tablesTouched(), row.checksum())))
                .isInstanceOf(CorruptEntryException.class).hasMessageContaining("lacks sql");
        assertThatThrownBy(() -> codec.decode(new LogCodec.Row(row.ts(), row.txnId(), row.epoch(),
                row.statements(), "{}", row.tablesTouched(), row.checksum())))
                .isInstanceOf(CorruptEntryException.class).hasMessageContaining("session_timestamp");
    }

    @Test
    void tableNamesThatTheColumnCannotSeparateAreRefused() {
        LogEntry entry = LogEntry.create(1, "TXN-1-00000000", 0, List.of(), "5", Set.of("ddb.`a,b`"),
                Privileges.CLIENT);
        assertThatThrownBy(() -> codec.encode(entry)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("comma");
    }
}
