package dev.ddb.metrics.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TrackedInstanceTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Probe up(long uptimeSeconds, double latencyMs) {
        return new Probe(latencyMs, 0, 0, "replica", uptimeSeconds, 0);
    }

    private static TrackedInstance fresh() {
        return TrackedInstance.unpolled("instance-2", 0.5);
    }

    @Test
    void anUnpolledInstanceIsUnhealthyWithNoCrash() {
        TrackedInstance instance = fresh();

        assertThat(instance.healthy()).isFalse();
        assertThat(instance.crashCount()).isZero();
        assertThat(instance.lastUpdated()).isNull();
    }

    @Test
    void failingBeforeEverBeingReachedIsNotACrash() {
        TrackedInstance instance = fresh().afterFailure("refused", T0).afterFailure("refused", T0.plusSeconds(1));

        assertThat(instance.healthy()).isFalse();
        assertThat(instance.crashCount()).isZero();
        assertThat(instance.lastError()).isEqualTo("refused");
    }

    @Test
    void healthyToUnreachableCountsOneCrashHoweverLongItStaysDown() {
        TrackedInstance instance = fresh().afterSuccess(up(100, 1), T0)
                .afterFailure("refused", T0.plusSeconds(1))
                .afterFailure("refused", T0.plusSeconds(2))
                .afterFailure("refused", T0.plusSeconds(3));

        assertThat(instance.crashCount()).isEqualTo(1);
    }

    @Test
    void eachDownTransitionCounts() {
        TrackedInstance instance = fresh().afterSuccess(up(100, 1), T0)
                .afterFailure("refused", T0.plusSeconds(1))
                .afterSuccess(up(1, 1), T0.plusSeconds(2))
                .afterFailure("refused", T0.plusSeconds(3))
                .afterSuccess(up(1, 1), T0.plusSeconds(4));

        assertThat(instance.crashCount()).isEqualTo(2);
        assertThat(instance.healthy()).isTrue();
        assertThat(instance.lastError()).isNull();
    }

    @Test
    void uptimeGoingDownBetweenTwoSuccessfulPollsCountsARestartThePollerDidNotSee() {
        TrackedInstance instance = fresh().afterSuccess(up(500, 1), T0).afterSuccess(up(2, 1), T0.plusSeconds(1));

        assertThat(instance.crashCount()).isEqualTo(1);
        assertThat(instance.healthy()).isTrue();
    }

    @Test
    void uptimeStandingStillOrRisingIsNoCrash() {
        TrackedInstance instance = fresh().afterSuccess(up(5, 1), T0)
                .afterSuccess(up(5, 1), T0.plusMillis(200))
                .afterSuccess(up(6, 1), T0.plusSeconds(1));

        assertThat(instance.crashCount()).isZero();
    }

    @Test
    void aRestartSeenAsDownIsCountedOnceNotAgainForItsLowerUptime() {
        TrackedInstance instance = fresh().afterSuccess(up(500, 1), T0)
                .afterFailure("refused", T0.plusSeconds(1))
                .afterSuccess(up(1, 1), T0.plusSeconds(2));

        assertThat(instance.crashCount()).isEqualTo(1);
    }

    @Test
    void anUnreachableInstanceKeepsItsLastProbeAndLatency() {
        Probe last = up(100, 3);
        TrackedInstance instance = fresh().afterSuccess(last, T0).afterFailure("timeout", T0.plusSeconds(1));

        assertThat(instance.lastProbe()).isEqualTo(last);
        assertThat(instance.latency().last()).isEqualTo(3.0);
        assertThat(instance.lastUpdated()).isEqualTo(T0.plusSeconds(1));
    }

    @Test
    void latencyAverageFollowsSuccessfulPollsOnly() {
        TrackedInstance instance = fresh().afterSuccess(up(1, 2), T0)
                .afterFailure("timeout", T0.plusSeconds(1))
                .afterSuccess(up(3, 4), T0.plusSeconds(2));

        assertThat(instance.latency().last()).isEqualTo(4.0);
        assertThat(instance.latency().average()).isEqualTo(3.0);
    }
}
