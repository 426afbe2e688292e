package dev.ddb.stress.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerifierCostTest {

    @Test
    void theCostIsTheMedianOfEachRoundsOwnRatioNotTheRatioOfTheMedians() {
        // Round 2 ran on a slower machine: both its windows dropped, its ratio did not.
        VerifierCost cost = new VerifierCost(16, List.of(1000.0, 500.0, 1100.0), List.of(900.0, 475.0, 1045.0));

        assertThat(cost.roundRatios()).containsExactly(0.9, 0.95, 0.95);
        assertThat(cost.ratio()).isEqualTo(0.95);
        assertThat(cost.medianOff()).isEqualTo(1000.0);
        assertThat(cost.medianOn()).isEqualTo(900.0);
    }

    @Test
    void anEvenNumberOfRoundsTakesTheMeanOfTheMiddleTwo() {
        VerifierCost cost = new VerifierCost(64, List.of(100.0, 200.0), List.of(90.0, 160.0));

        assertThat(cost.ratio()).isEqualTo(0.85, offset(1e-12));
        assertThat(cost.medianOff()).isEqualTo(150.0);
        assertThat(cost.medianOn()).isEqualTo(125.0);
    }

    @Test
    void aRoundWhosePausedWindowCompletedNothingHasNoRatioAndIsLeftOutOfTheMedian() {
        VerifierCost cost = new VerifierCost(16, List.of(0.0, 100.0, 100.0), List.of(50.0, 80.0, 90.0));

        assertThat(cost.roundRatios()).containsExactly(null, 0.8, 0.9);
        assertThat(cost.ratio()).isEqualTo(0.85, offset(1e-12));
        assertThat(new VerifierCost(16, List.of(0.0, 0.0), List.of(1.0, 1.0)).ratio()).isNull();
    }

    @Test
    void everyRoundHasBothWindows() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VerifierCost(16, List.of(1.0, 2.0), List.of(1.0)));
    }

    @Test
    void theTableShowsMediansEachRoundsRatioAndTheirMedianPerClientCount() {
        String text = VerifierCost.table(List.of(
                new VerifierCost(16, List.of(3000.0, 3200.0, 3100.0), List.of(2850.0, 3136.0, 2945.0)),
                new VerifierCost(64, List.of(0.0, 0.0), List.of(0.0, 0.0)))).render();

        assertThat(text).isEqualTo("""
                clients  off writes/s  on writes/s  on / off by round  on / off
                -------  ------------  -----------  -----------------  --------
                     16         3,100        2,945  0.95x 0.98x 0.95x     0.95x
                     64             0            0                - -         -
                """);
    }
}
