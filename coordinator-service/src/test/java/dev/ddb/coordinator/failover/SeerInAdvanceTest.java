package dev.ddb.coordinator.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** The election asked ahead decides a failover only where asking seer-service then would give the same winner. */
class SeerInAdvanceTest {

    private final List<List<String>> asked = new ArrayList<>();
    private final AtomicReference<String> master = new AtomicReference<>("instance-1");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T12:00:00Z"));
    private final InstantSource clock = () -> now.get();

    private SeerInAdvance seerElecting(String leader) {
        return new SeerInAdvance(excluded -> {
            asked.add(excluded);
            return leader;
        }, master::get, Duration.ofSeconds(3), clock);
    }

    @Test
    void aFreshForecastForTheDeadMasterDecidesWithoutAskingAgain() {
        SeerInAdvance seer = seerElecting("instance-3");
        seer.refresh();
        now.set(now.get().plusSeconds(2));

        assertThat(seer.elect(List.of("instance-1", "instance-4"))).isEqualTo("instance-3");
        assertThat(asked).containsExactly(List.of("instance-1"));
    }

    @Test
    void aForecastWhoseWinnerWasFoundUnreachableIsNotUsed() {
        SeerInAdvance seer = seerElecting("instance-3");
        seer.refresh();

        seer.elect(List.of("instance-1", "instance-3"));

        assertThat(asked).containsExactly(List.of("instance-1"), List.of("instance-1", "instance-3"));
    }

    @Test
    void aForecastForAnotherMasterIsNotUsed() {
        SeerInAdvance seer = seerElecting("instance-3");
        seer.refresh();
        master.set("instance-2");

        seer.elect(List.of("instance-2"));

        assertThat(asked).containsExactly(List.of("instance-1"), List.of("instance-2"));
    }

    @Test
    void aStaleForecastIsNotUsed() {
        SeerInAdvance seer = seerElecting("instance-3");
        seer.refresh();
        now.set(now.get().plusMillis(3_001));

        seer.elect(List.of("instance-1"));

        assertThat(asked).hasSize(2);
    }

    @Test
    void noForecastWhenSeerGaveNoLeaderSoTheFailoverAsksItself() {
        SeerInAdvance seer = new SeerInAdvance(excluded -> {
            asked.add(excluded);
            throw new IllegalStateException("seer-service answered without a leader_id");
        }, master::get, Duration.ofSeconds(3), clock);
        seer.refresh();

        assertThat(seer.forecast()).isNull();
    }
}
