package dev.ddb.stress.runner;

import static dev.ddb.stress.runner.SvgChart.escape;

import dev.ddb.stress.report.LoadTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * report.html: one self-contained page (inline CSS and SVG, nothing fetched) with the run's verdict, and per
 * scenario its loads, its own figures, and charts of latency, throughput and replica lag over time.
 */
final class HtmlReport {

    private HtmlReport() {
    }

    static String render(RunReport run) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ddb stress run ")
                .append(escape(run.runId())).append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1160px}")
                .append("table{border-collapse:collapse;margin:8px 0 16px}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(".pass{color:#176f2c}.fail{color:#b00020}svg{margin:6px 0;border:1px solid #eee}")
                .append("section{border-top:2px solid #ddd;margin-top:24px}\n</style></head><body>\n");
        html.append("<h1>ddb stress run ").append(escape(run.runId())).append("</h1>\n");
        html.append("<p>Started ").append(escape(run.startedAt())).append(" against ")
                .append(escape(run.coordinator())).append(", replication mode ")
                .append(escape(run.replicationMode())).append("; scenarios: ")
                .append(escape(String.join(", ", run.scenariosRequested()))).append(".</p>\n");
        html.append(run.passed() ? "<h2 class=\"pass\">Every invariant held</h2>\n"
                : "<h2 class=\"fail\">Invariants violated</h2>\n");
        violations(html, run.violations());
        for (ScenarioReport scenario : run.scenarios()) {
            scenario(html, scenario);
        }
        return html.append("</body></html>\n").toString();
    }

    private static void scenario(StringBuilder html, ScenarioReport scenario) {
        html.append("<section><h2>").append(escape(scenario.name())).append(scenario.passed()
                ? " <span class=\"pass\">passed</span>" : " <span class=\"fail\">failed</span>").append("</h2>\n");
        html.append("<p>").append(escape(scenario.description())).append("</p>\n");
        violations(html, scenario.violations());
        loads(html, scenario.loads());
        if (!scenario.ratios().isEmpty()) {
            html.append("<table><tr><th class=\"l\">target</th><th class=\"l\">baseline</th><th>clients</th>"
                    + "<th>throughput ratio</th></tr>\n");
            for (ScenarioReport.Ratio ratio : scenario.ratios()) {
                html.append("<tr><td class=\"l\">").append(escape(ratio.target())).append("</td><td class=\"l\">")
                        .append(escape(ratio.baseline())).append("</td><td>").append(ratio.clients()).append("</td><td>")
                        .append(ratio.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio.ratio()))
                        .append("</td></tr>\n");
            }
            html.append("</table>\n");
        }
        if (!scenario.figures().isEmpty()) {
            html.append("<table>");
            scenario.figures().forEach((name, value) -> html.append("<tr><th class=\"l\">").append(escape(name))
                    .append("</th><td class=\"l\">").append(escape(String.valueOf(value))).append("</td></tr>\n"));
            html.append("</table>\n");
        }
        if (!scenario.timeline().isEmpty()) {
            List<double[]> p50 = new ArrayList<>();
            List<double[]> p99 = new ArrayList<>();
            List<double[]> ok = new ArrayList<>();
            List<double[]> failed = new ArrayList<>();
            for (Timeline.Point point : scenario.timeline()) {
                if (point.p50Ms() != null) {
                    p50.add(new double[] {point.second(), point.p50Ms()});
                    p99.add(new double[] {point.second(), point.p99Ms()});
                }
                ok.add(new double[] {point.second(), point.succeeded()});
                failed.add(new double[] {point.second(), point.failed()});
            }
            html.append(SvgChart.lines(scenario.name() + ": latency over time", "seconds since the run started",
                    "ms", List.of(new SvgChart.Series("p50", SvgChart.PALETTE.get(0), p50),
                            new SvgChart.Series("p99", SvgChart.PALETTE.get(1), p99)), scenario.markers()));
            html.append(SvgChart.lines(scenario.name() + ": throughput over time", "seconds since the run started",
                    "operations/s", List.of(new SvgChart.Series("succeeded", SvgChart.PALETTE.get(2), ok),
                            new SvgChart.Series("failed", SvgChart.PALETTE.get(1), failed)), scenario.markers()));
        }
        if (!scenario.lag().isEmpty()) {
            html.append(SvgChart.lines(scenario.name() + ": replica lag over time", "seconds since the run started",
                    "timestamps behind the master", perInstance(scenario.lag(), false), scenario.markers()));
            List<SvgChart.Series> weights = perInstance(scenario.lag(), true);
            if (weights.stream().anyMatch(series -> !series.points().isEmpty())) {
                html.append(SvgChart.lines(scenario.name() + ": Cabinet weight over time",
                        "seconds since the run started", "weight", weights, scenario.markers()));
            }
        }
        if (scenario.name().equals("performance") && !scenario.loads().isEmpty()) {
            performanceBars(html, scenario.loads());
        }
        html.append("</section>\n");
    }

    private static List<SvgChart.Series> perInstance(List<LagSampler.Sample> samples, boolean weights) {
        Map<String, List<double[]>> byInstance = new TreeMap<>();
        for (LagSampler.Sample sample : samples) {
            List<double[]> points = byInstance.computeIfAbsent(sample.instance(), id -> new ArrayList<>());
            if (!weights) {
                points.add(new double[] {sample.second(), sample.lag()});
            } else if (sample.weight() != null) {
                points.add(new double[] {sample.second(), sample.weight()});
            }
        }
        List<SvgChart.Series> series = new ArrayList<>();
        int color = 0;
        for (Map.Entry<String, List<double[]>> entry : byInstance.entrySet()) {
            series.add(new SvgChart.Series(entry.getKey(), SvgChart.PALETTE.get(color++ % SvgChart.PALETTE.size()),
                    entry.getValue()));
        }
        return series;
    }

    private static void performanceBars(StringBuilder html, List<ScenarioReport.Load> loads) {
        List<String> targets = loads.stream().map(ScenarioReport.Load::target).distinct().toList();
        TreeSet<Integer> clientCounts = new TreeSet<>();
        loads.forEach(load -> clientCounts.add(load.clients()));
        List<SvgChart.Group> groups = new ArrayList<>();
        for (int clients : clientCounts) {
            Map<String, Double> values = new LinkedHashMap<>();
            targets.forEach(target -> values.put(target, null));
            loads.stream().filter(load -> load.clients() == clients)
                    .forEach(load -> values.put(load.target(), load.perSecond()));
            groups.add(new SvgChart.Group(clients + " client" + (clients == 1 ? "" : "s"), new ArrayList<>(values.values())));
        }
        html.append(SvgChart.bars("performance: writes per second", "writes/s", targets, groups));
    }

    private static void loads(StringBuilder html, List<ScenarioReport.Load> loads) {
        if (loads.isEmpty()) {
            return;
        }
        html.append("<table><tr><th class=\"l\">load</th><th>clients</th><th>ok</th><th>seconds</th><th>ops/s</th>"
                + "<th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th><th>errors</th>"
                + "<th class=\"l\">errors by kind</th></tr>\n");
        for (ScenarioReport.Load load : loads) {
            html.append("<tr><td class=\"l\">").append(escape(load.target())).append("</td><td>").append(load.clients())
                    .append("</td><td>").append(load.succeeded()).append("</td><td>")
                    .append(number(load.seconds())).append("</td><td>").append(number(load.perSecond()))
                    .append("</td><td>").append(number(load.p50Ms())).append("</td><td>").append(number(load.p95Ms()))
                    .append("</td><td>").append(number(load.p99Ms())).append("</td><td>").append(number(load.maxMs()))
                    .append("</td><td>").append(load.errors()).append("</td><td class=\"l\">")
                    .append(escape(LoadTables.errorKinds(load.errorsByKind()))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static void violations(StringBuilder html, List<String> violations) {
        if (violations.isEmpty()) {
            return;
        }
        html.append("<ul class=\"fail\">");
        violations.forEach(violation -> html.append("<li>").append(escape(violation)).append("</li>\n"));
        html.append("</ul>\n");
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.2f", value);
    }
}
