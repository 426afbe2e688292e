package dev.ddb.coordinator.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

class EntryChecksumTest {

    private static LogEntry entry(List<Object> params) {
        return LogEntry.create(42, "TXN-1700000000000-0000abcd", 3,
                List.of(new LoggedStatement("INSERT INTO users (name, email) VALUES (?, ?)", params, 7),
                        new LoggedStatement("UPDATE products SET stock = stock * 2 + 1 WHERE id = 1", List.of(), 0)),
                "1700000000.123456", Set.of("ddb.users", "ddb.products"), Privileges.CLIENT);
    }

    private static LogEntry sample() {
        return entry(Arrays.asList("Ada", 1L, new BigDecimal("9.50"), null, true));
    }

    @Test
    void aCreatedEntryCarriesAValidChecksum() {
        assertThat(sample().checksumValid()).isTrue();
        assertThat(sample().checksum()).isBetween(0L, 0xFFFF_FFFFL);
    }

    @Test
    void theChecksumDependsOnlyOnTheValues() {
        assertThat(sample().checksum()).isEqualTo(sample().checksum());
        LogEntry tablesInOtherOrder = LogEntry.create(42, "TXN-1700000000000-0000abcd", 3, sample().statements(),
                "1700000000.123456", Set.of("ddb.products", "ddb.users"), Privileges.CLIENT);
        assertThat(tablesInOtherOrder.checksum()).isEqualTo(sample().checksum());
    }

    @Test
    void integersOfEveryWidthAreOneTypeButAStringIsAnother() {
        assertThat(entry(Arrays.asList("Ada", 1, new BigDecimal("9.50"), null, true)).checksum())
                .isEqualTo(sample().checksum());
        assertThat(entry(Arrays.asList("Ada", "1", new BigDecimal("9.50"), null, true)).checksum())
                .isNotEqualTo(sample().checksum());
        assertThat(entry(Arrays.asList("Ada", 1L, new BigDecimal("9.5"), null, true)).checksum())
                .as("the scale of a decimal is part of its value as bound").isNotEqualTo(sample().checksum());
    }

    @Test
    void everyFieldIsCovered() {
        LogEntry original = sample();
        List<LogEntry> damaged = new ArrayList<>();
        damaged.add(new LogEntry(43, original.txnId(), original.epoch(), original.statements(), original.sessionTimestamp(),
                original.tables(), original.runsAs(), original.checksum()));
        damaged.add(new LogEntry(42, "TXN-1700000000000-0000abce", 3, original.statements(), original.sessionTimestamp(),
                original.tables(), original.runsAs(), original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 4, original.statements(), original.sessionTimestamp(),
                original.tables(), original.runsAs(), original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 3, List.of(original.statements().get(0)), original.sessionTimestamp(),
                original.tables(), original.runsAs(), original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 3, List.of(
                new LoggedStatement(original.statements().get(0).sql(), original.statements().get(0).params(), 8),
                original.statements().get(1)), original.sessionTimestamp(), original.tables(),
                original.runsAs(), original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 3, List.of(
                new LoggedStatement(original.statements().get(0).sql(), Arrays.asList("Ada", 1L, new BigDecimal("9.50"), null,
                        false), 7), original.statements().get(1)), original.sessionTimestamp(), original.tables(),
                        original.runsAs(),
                original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 3, original.statements(), "1700000000.123457", original.tables(),
                original.runsAs(),
                original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 3, original.statements(), original.sessionTimestamp(),
                Set.of("ddb.users"), original.runsAs(), original.checksum()));
        damaged.add(new LogEntry(42, original.txnId(), 3, original.statements(), original.sessionTimestamp(),
                original.tables(), Privileges.SUITE, original.checksum()));
        assertThat(damaged).noneMatch(LogEntry::checksumValid);
    }

    @Test
    void aStatementSplitDifferentlyIsADifferentEntry() {
        LogEntry one = LogEntry.create(1, "t", 0, List.of(new LoggedStatement("ab", List.of(), 0)), "1", Set.of(),
                Privileges.CLIENT);
        LogEntry other = new LogEntry(1, "t", 0, List.of(new LoggedStatement("a", List.of(), 0),
                new LoggedStatement("b", List.of(), 0)), "1", Set.of(), Privileges.CLIENT, one.checksum());
        assertThat(other.checksumValid()).isFalse();
    }
}
