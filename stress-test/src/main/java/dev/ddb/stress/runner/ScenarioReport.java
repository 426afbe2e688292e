package dev.ddb.stress.runner;

import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.report.ThroughputRatio;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one scenario measured and found, as written to report.json and drawn in report.html. Scenarios fill the
 * lists while they run; the runner appends the invariants' violations after it.
 *
 * @param figures the scenario's own numbers (stale-read rates, catch-up time, failover times), in insertion order
 * @param markers moments worth a line on the charts (lock taken, master killed)
 */
record ScenarioReport(String name, String description, List<Load> loads, List<Timeline.Point> timeline,
                      List<LagSampler.Sample> lag, List<Marker> markers, Map<String, Object> figures,
                      List<Ratio> ratios, List<String> violations) {

    /** One load's totals; latency fields are null when nothing succeeded. */
    record Load(String target, int clients, long succeeded, double seconds, double perSecond, Double p50Ms,
                Double p95Ms, Double p99Ms, Double maxMs, long errors, List<ErrorCount> errorsByKind) {

        static Load of(LoadResult result) {
            LatencySummary latency = result.latency();
            return new Load(result.target(), result.clients(), result.succeeded(),
                    round(result.measured().toMillis() / 1000.0), round(result.perSecond()),
                    latency == null ? null : latency.p50Ms(), latency == null ? null : latency.p95Ms(),
                    latency == null ? null : latency.p99Ms(), latency == null ? null : latency.maxMs(),
                    result.failed(), result.errors());
        }
    }

    record Marker(double second, String label) {
    }

    record Ratio(String target, String baseline, int clients, Double ratio) {

        static Ratio of(ThroughputRatio ratio) {
            return new Ratio(ratio.target(), ratio.baseline(), ratio.clients(),
                    ratio.ratio() == null ? null : Math.round(ratio.ratio() * 1000) / 1000.0);
        }
    }

    static ScenarioReport start(String name, String description) {
        return new ScenarioReport(name, description, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new LinkedHashMap<>(), new ArrayList<>(), new ArrayList<>());
    }

    void add(LoadResult result) {
        loads.add(Load.of(result));
    }

    boolean passed() {
        return violations.isEmpty();
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
