package dev.ddb.stress.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TimelineTest {

    private static final long ORIGIN = 1_000_000_000L;

    @Test
    void countsEachSecondAndFillsSecondsWithoutOperations() {
        Timeline timeline = new Timeline(ORIGIN);
        timeline.success(at(0.2), 1_000);
        timeline.success(at(0.7), 3_000);
        timeline.failure(at(0.9));
        timeline.failure(at(2.5));

        List<Timeline.Point> points = timeline.points();

        assertThat(points).extracting(Timeline.Point::second).containsExactly(0.0, 1.0, 2.0);
        assertThat(points.get(0).succeeded()).isEqualTo(2);
        assertThat(points.get(0).failed()).isEqualTo(1);
        assertThat(points.get(0).p50Ms()).isCloseTo(1.0, offset(0.02));
        assertThat(points.get(0).p99Ms()).isCloseTo(3.0, offset(0.05));
        assertThat(points.get(1)).isEqualTo(new Timeline.Point(1, 0, 0, null, null));
        assertThat(points.get(2).failed()).isEqualTo(1);
        assertThat(points.get(2).p50Ms()).isNull();
    }

    @Test
    void chartScaleEndsOnARoundNumber() {
        assertThat(SvgChart.niceCeiling(0)).isEqualTo(1);
        assertThat(SvgChart.niceCeiling(3.2)).isEqualTo(5);
        assertThat(SvgChart.niceCeiling(303)).isEqualTo(500);
        assertThat(SvgChart.niceCeiling(1000)).isEqualTo(1000);
        assertThat(SvgChart.niceCeiling(1001)).isEqualTo(2000);
    }

    private static long at(double seconds) {
        return ORIGIN + (long) (seconds * TimeUnit.SECONDS.toNanos(1));
    }
}
