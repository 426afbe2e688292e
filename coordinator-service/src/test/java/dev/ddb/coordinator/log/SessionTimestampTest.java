package dev.ddb.coordinator.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTimestampTest {

    @Test
    void anInstantBecomesSecondsAndSixDigitsOfMicros() {
        assertThat(SessionTimestamp.of(Instant.ofEpochSecond(1_700_000_000L, 1_234_999))).isEqualTo("1700000000.001234");
        assertThat(SessionTimestamp.of(Instant.ofEpochSecond(1_700_000_000L, 0))).isEqualTo("1700000000.000000");
        assertThat(SessionTimestamp.of(Instant.ofEpochSecond(1_700_000_000L, 5_000))).isEqualTo("1700000000.000005");
        assertThat(SessionTimestamp.of(Instant.ofEpochSecond(1_700_000_000L, 999_999_999))).isEqualTo("1700000000.999999");
        assertThat(SessionTimestamp.of(Instant.ofEpochSecond(1_700_000_000L, 123_456_000))).isEqualTo("1700000000.123456");
    }

    @Test
    void onlyDigitsWithAnOptionalFractionPass() {
        assertThat(SessionTimestamp.requireValid("1700000000")).isEqualTo("1700000000");
        assertThatThrownBy(() -> SessionTimestamp.requireValid("1; DROP TABLE x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionTimestamp.requireValid("1.1234567")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionTimestamp.requireValid(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
