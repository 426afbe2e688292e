package dev.ddb.stress.report;

import static dev.ddb.stress.report.TextTable.Column.left;
import static dev.ddb.stress.report.TextTable.Column.right;

import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders load results and ratios as text tables, the same way for every benchmark of this module. */
public final class LoadTables {

    private static final String NOTHING = "-";

    private LoadTables() {
    }

    /** One row per result: writes, writes/s, p50/p99/max latency in ms and the errors by kind. */
    public static TextTable results(List<LoadResult> results) {
        TextTable table = TextTable.of(left("target"), right("clients"), right("writes"), right("writes/s"),
                right("p50 ms"), right("p99 ms"), right("max ms"), right("errors"), left("errors by kind"));
        for (LoadResult result : results) {
            LatencySummary latency = result.latency();
            table.row(result.target(), Integer.toString(result.clients()), format("%,d", result.succeeded()),
                    format("%,.0f", result.perSecond()),
                    latency == null ? NOTHING : millis(latency.p50Ms()),
                    latency == null ? NOTHING : millis(latency.p99Ms()),
                    latency == null ? NOTHING : millis(latency.maxMs()),
                    format("%,d", result.failed()), errorKinds(result.errors()));
        }
        return table;
    }

    /** One row per client count, one column per target compared with the baseline, e.g. {@code 0.62x}. */
    public static TextTable ratios(List<ThroughputRatio> ratios) {
        List<String> targets = ratios.stream().map(ThroughputRatio::target).distinct().toList();
        List<Integer> clientCounts = ratios.stream().map(ThroughputRatio::clients).distinct().toList();
        List<TextTable.Column> columns = new ArrayList<>();
        columns.add(right("clients"));
        for (String target : targets) {
            String baseline = ratios.stream().filter(r -> r.target().equals(target)).findFirst().orElseThrow().baseline();
            columns.add(right(target + " / " + baseline));
        }
        TextTable table = new TextTable(columns);
        for (int clients : clientCounts) {
            List<String> cells = new ArrayList<>();
            cells.add(Integer.toString(clients));
            for (String target : targets) {
                cells.add(ratios.stream().filter(r -> r.target().equals(target) && r.clients() == clients)
                        .findFirst().map(LoadTables::ratio).orElse(NOTHING));
            }
            table.row(cells.toArray(String[]::new));
        }
        return table;
    }

    /** {@code 503 QUORUM_NOT_REACHED: 12; timeout: 1}, or a dash when there was none. */
    public static String errorKinds(List<ErrorCount> errors) {
        if (errors.isEmpty()) {
            return NOTHING;
        }
        return errors.stream().map(error -> error.kind() + ": " + format("%,d", error.count()))
                .collect(Collectors.joining("; "));
    }

    private static String ratio(ThroughputRatio ratio) {
        return ratio.ratio() == null ? NOTHING : format("%.2fx", ratio.ratio());
    }

    private static String millis(double value) {
        return format("%.2f", value);
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
