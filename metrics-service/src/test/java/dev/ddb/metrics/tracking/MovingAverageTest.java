package dev.ddb.metrics.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MovingAverageTest {

    @Test
    void isEmptyBeforeTheFirstSample() {
        MovingAverage average = MovingAverage.empty(0.2);

        assertThat(average.last()).isNull();
        assertThat(average.average()).isNull();
    }

    @Test
    void firstSampleStartsTheAverage() {
        MovingAverage average = MovingAverage.empty(0.2).add(10);

        assertThat(average.last()).isEqualTo(10.0);
        assertThat(average.average()).isEqualTo(10.0);
    }

    @Test
    void eachSampleMovesTheAverageAlphaOfTheWayTowardsIt() {
        MovingAverage average = MovingAverage.empty(0.2).add(10).add(20).add(0);

        assertThat(average.last()).isEqualTo(0.0);
        // 10 -> 10 + 0.2 * (20 - 10) = 12 -> 12 + 0.2 * (0 - 12) = 9.6
        assertThat(average.average()).isCloseTo(9.6, within(1e-9));
    }

    @Test
    void alphaOneFollowsTheLastSample() {
        assertThat(MovingAverage.empty(1).add(3).add(7).average()).isEqualTo(7.0);
    }

    @Test
    void alphaOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> MovingAverage.empty(0)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> MovingAverage.empty(1.5)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> MovingAverage.empty(Double.NaN)).hasMessageContaining("alpha");
    }
}
