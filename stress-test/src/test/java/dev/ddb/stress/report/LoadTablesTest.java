package dev.ddb.stress.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoadTablesTest {

    @Test
    void resultsShowRateLatenciesAndErrorsByKindWithDashesWhereNothingSucceeded() {
        List<LoadResult> results = List.of(
                new LoadResult("direct", 64, Duration.ofSeconds(10), 160_030, new LatencySummary(3.1, 5.5, 8.04, 41.2),
                        List.of()),
                new LoadResult("strong", 64, Duration.ofSeconds(10), 96_001, new LatencySummary(6.512, 9, 14.996, 120),
                        List.of(new ErrorCount("503 QUORUM_NOT_REACHED", 12, "m"), new ErrorCount("timeout", 1, "t"))),
                new LoadResult("eventual", 1, Duration.ofSeconds(10), 0, null,
                        List.of(new ErrorCount("ConnectException", 1_234, "refused"))));

        assertThat(LoadTables.results(results).render()).isEqualTo("""
                target    clients   writes  writes/s  p50 ms  p99 ms  max ms  errors  errors by kind
                --------  -------  -------  --------  ------  ------  ------  ------  --------------------------------------
                direct         64  160,030    16,003    3.10    8.04   41.20       0  -
                strong         64   96,001     9,600    6.51   15.00  120.00      13  503 QUORUM_NOT_REACHED: 12; timeout: 1
                eventual        1        0         0       -       -       -   1,234  ConnectException: 1,234
                """);
    }

    @Test
    void ratiosHaveARowPerClientCountAndAColumnPerComparedTarget() {
        List<ThroughputRatio> ratios = List.of(
                new ThroughputRatio("strong", "direct", 1, 0.406),
                new ThroughputRatio("strong", "direct", 64, 0.6),
                new ThroughputRatio("eventual", "direct", 1, null),
                new ThroughputRatio("eventual", "direct", 64, 0.8149));

        assertThat(LoadTables.ratios(ratios).render()).isEqualTo("""
                clients  strong / direct  eventual / direct
                -------  ---------------  -----------------
                      1            0.41x                  -
                     64            0.60x              0.81x
                """);
    }
}
