package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.LoggedStatement;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadableStatementTest {

    @Test
    void placeholdersShowTheirValues() {
        assertThat(LiteralRendering.readable(new LoggedStatement("INSERT INTO t (a, b, c, d) VALUES (?, ?, ?, ?)",
                Arrays.asList("it's", 7, null, new BigDecimal("1.50")), 0)))
                .isEqualTo("INSERT INTO t (a, b, c, d) VALUES ('it''s', 7, NULL, 1.50)");
        assertThat(LiteralRendering.readable(new LoggedStatement("DELETE FROM t WHERE s = 'what?'", List.of(), 0)))
                .isEqualTo("DELETE FROM t WHERE s = 'what?'");
    }

    @Test
    void aTextItCannotFillShowsItsValuesBesideIt() {
        assertThat(LiteralRendering.readable(new LoggedStatement("UPDATE t SET a = ? /* note */", List.of(1), 0)))
                .isEqualTo("UPDATE t SET a = ? /* note */ -- with [1]");
    }
}
