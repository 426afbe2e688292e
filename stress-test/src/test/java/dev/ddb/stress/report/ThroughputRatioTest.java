package dev.ddb.stress.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputRatioTest {

    private static final LatencySummary SOME_LATENCY = new LatencySummary(1, 2, 3, 4);

    private static LoadResult result(String target, int clients, long succeeded) {
        return new LoadResult(target, clients, Duration.ofSeconds(2), succeeded,
                succeeded == 0 ? null : SOME_LATENCY, List.of());
    }

    @Test
    void rateIsSuccessesPerSecondOfTheMeasuredWindowAndFailuresAreTheSumOfTheKinds() {
        LoadResult result = new LoadResult("strong", 16, Duration.ofMillis(2_500), 1_000, SOME_LATENCY,
                List.of(new ErrorCount("503 QUORUM_NOT_REACHED", 3, "m"), new ErrorCount("timeout", 2, "t")));

        assertThat(result.perSecond()).isEqualTo(400.0);
        assertThat(result.failed()).isEqualTo(5);
    }

    @Test
    void eachTargetIsDividedByTheBaselineAtTheSameClientCount() {
        List<LoadResult> results = List.of(result("direct", 1, 2_000), result("direct", 64, 30_000),
                result("strong", 1, 800), result("strong", 64, 18_000), result("eventual", 64, 24_000));

        assertThat(ThroughputRatio.against("direct", results)).containsExactly(
                new ThroughputRatio("strong", "direct", 1, 0.4),
                new ThroughputRatio("strong", "direct", 64, 0.6),
                new ThroughputRatio("eventual", "direct", 64, 0.8));
    }

    @Test
    void aBaselineThatCompletedNothingGivesNoRatioRatherThanInfinity() {
        List<LoadResult> results = List.of(result("direct", 16, 0), result("strong", 16, 500));

        assertThat(ThroughputRatio.against("direct", results))
                .containsExactly(new ThroughputRatio("strong", "direct", 16, null));
    }

    @Test
    void clientCountsTheBaselineWasNotMeasuredAtAreLeftOut() {
        List<LoadResult> results = List.of(result("direct", 1, 100), result("strong", 1, 50), result("strong", 16, 70));

        assertThat(ThroughputRatio.against("direct", results)).extracting(ThroughputRatio::clients).containsExactly(1);
    }

    @Test
    void withoutABaselineThereAreNoRatios() {
        assertThat(ThroughputRatio.against("direct", List.of(result("strong", 1, 10)))).isEmpty();
    }

    @Test
    void aTargetThatCompletedNothingIsZeroTimesTheBaseline() {
        List<LoadResult> results = List.of(result("direct", 1, 100), result("strong", 1, 0));

        assertThat(ThroughputRatio.against("direct", results)).extracting(ThroughputRatio::ratio).containsExactly(0.0);
    }
}
