package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailoverTimesTest {

    @Test
    void fiveRoundsGiveTheMiddleTimeAndTheLongest() {
        FailoverTimes times = FailoverTimes.of(List.of(1.73, 0.48, 1.01, 0.85, 1.05));

        assertThat(times.median()).isEqualTo(1.01);
        assertThat(times.max()).isEqualTo(1.73);
        assertThat(times.missing()).isZero();
    }

    @Test
    void anEvenCountTakesTheMeanOfTheTwoMiddleTimes() {
        FailoverTimes times = FailoverTimes.of(List.of(0.4, 0.9, 0.5, 2.0));

        assertThat(times.median()).isEqualTo(0.7);
        assertThat(times.max()).isEqualTo(2.0);
    }

    @Test
    void aRoundWithoutAnyAcknowledgedWriteIsMissingNotFast() {
        FailoverTimes times = FailoverTimes.of(Arrays.asList(0.5, null, 0.7));

        assertThat(times.median()).isEqualTo(0.6);
        assertThat(times.missing()).isEqualTo(1);
    }

    @Test
    void noRoundMeasuredGivesNoFigures() {
        FailoverTimes times = FailoverTimes.of(Arrays.asList((Double) null));

        assertThat(times.median()).isNull();
        assertThat(times.max()).isNull();
        assertThat(times.missing()).isEqualTo(1);
    }
}
