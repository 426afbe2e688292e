package dev.ddb.coordinator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class AntiFlappingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void theFirstFailoverIsNeverRefused() {
        assertThat(new AntiFlapping(Duration.ofSeconds(60)).refusedUntil(T0)).isEmpty();
    }

    @Test
    void anAutomaticFailoverWithinTheIntervalIsRefusedUntilItEnds() {
        AntiFlapping antiFlapping = new AntiFlapping(Duration.ofSeconds(60));
        antiFlapping.failoverEnded(T0);

        assertThat(antiFlapping.refusedUntil(T0.plusSeconds(1))).contains(T0.plusSeconds(60));
        assertThat(antiFlapping.refusedUntil(T0.plusSeconds(59))).contains(T0.plusSeconds(60));
        assertThat(antiFlapping.refusedUntil(T0.plusSeconds(60))).isEmpty();
        assertThat(antiFlapping.refusedUntil(T0.plusSeconds(600))).isEmpty();
    }
}
