package dev.ddb.coordinator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoggedStatementTest {

    @Test
    void parametersTakeTheFormTheLogReadsBack() {
        LoggedStatement statement = new LoggedStatement("SELECT ?", Arrays.asList(
                (byte) 1, (short) 2, 3, 4L, BigInteger.valueOf(5), new BigInteger("18446744073709551615"),
                1.25d, 0.1f, new BigDecimal("1E+3"), new BigDecimal("2.50"), "x", true, null), 0);
        assertThat(statement.params()).containsExactly(1L, 2L, 3L, 4L, 5L, new BigInteger("18446744073709551615"),
                new BigDecimal("1.25"), new BigDecimal("0.1"), new BigDecimal("1000"), new BigDecimal("2.50"), "x", true, null);
    }

    @Test
    void valuesTheLogCannotStoreAreRefused() {
        assertThatThrownBy(() -> new LoggedStatement("SELECT ?", List.of(LocalDate.EPOCH), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.time.LocalDate");
        assertThatThrownBy(() -> new LoggedStatement("SELECT ?", List.of(Double.NaN), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
    }
}
