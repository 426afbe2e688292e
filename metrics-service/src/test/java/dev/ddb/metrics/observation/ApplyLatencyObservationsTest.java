package dev.ddb.metrics.observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class ApplyLatencyObservationsTest {

    private final ApplyLatencyObservations observations =
            new ApplyLatencyObservations(List.of("instance-1", "instance-2", "instance-3"), 0.5);

    @Test
    void nothingIsObservedUntilReported() {
        assertThat(observations.of("instance-2").last()).isNull();
        assertThat(observations.of("instance-2").average()).isNull();
    }

    @Test
    void keepsEachReplicasLastValueAndMovingAverage() {
        observations.record(List.of(new Observation("instance-2", 4), new Observation("instance-3", 10)));
        observations.record(List.of(new Observation("instance-2", 8)));

        assertThat(observations.of("instance-2").last()).isEqualTo(8.0);
        assertThat(observations.of("instance-2").average()).isEqualTo(6.0);
        assertThat(observations.of("instance-3").last()).isEqualTo(10.0);
        assertThat(observations.of("instance-1").last()).isNull();
    }

    @Test
    void anUnknownReplicaIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> observations.record(List.of(new Observation("replica-9", 1))))
                .isInstanceOfSatisfying(InvalidObservationException.class,
                        e -> assertThat(e.code()).isEqualTo(InvalidObservationException.UNKNOWN_INSTANCE))
                .hasMessageContaining("replica-9")
                .hasMessageContaining("instance-1, instance-2, instance-3");
    }

    @Test
    void negativeOrNonFiniteLatenciesAreRefused() {
        for (double latency : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> observations.record(List.of(new Observation("instance-2", latency))))
                    .isInstanceOfSatisfying(InvalidObservationException.class,
                            e -> assertThat(e.code()).isEqualTo(InvalidObservationException.INVALID_OBSERVATION));
        }
    }

    @Test
    void zeroLatencyIsAccepted() {
        observations.record(List.of(new Observation("instance-2", 0)));

        assertThat(observations.of("instance-2").last()).isZero();
    }

    @Test
    void aBatchWithOneInvalidObservationRecordsNothing() {
        assertThatThrownBy(() -> observations.record(List.of(
                new Observation("instance-2", 4), new Observation("instance-3", -1))))
                .isInstanceOf(InvalidObservationException.class);

        assertThat(observations.of("instance-2").last()).isNull();
    }
}
