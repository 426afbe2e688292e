package dev.ddb.stress.bench;

import static dev.ddb.stress.report.TextTable.Column.right;

import dev.ddb.stress.report.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the background verifier costs writers at one client count: the writes per second of rounds measured with it
 * paused ({@code off}) and running ({@code on}), interleaved, so that round {@code i}'s two windows saw the same
 * machine. The cost is the median of the rounds' own on/off ratios: a neighbour's build that slows one round slows
 * both its windows, and the median drops a round where it slowed only one.
 *
 * @param off writes/s of each round with the verifier paused, round 1 first
 * @param on writes/s of each round with the verifier running, as many as {@code off}
 */
public record VerifierCost(int clients, List<Double> off, List<Double> on) {

    public VerifierCost {
        off = List.copyOf(off);
        on = List.copyOf(on);
        if (off.size() != on.size()) {
            throw new IllegalArgumentException("each round has an off and an on window; got " + off.size() + " off and "
                    + on.size() + " on");
        }
    }

    /** on/off of each round; null for a round whose off window completed nothing. */
    public List<Double> roundRatios() {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < off.size(); round++) {
            ratios.add(off.get(round) > 0 ? on.get(round) / off.get(round) : null);
        }
        return ratios;
    }

    /** The median of {@link #roundRatios()}, null when no round has one. */
    public Double ratio() {
        List<Double> ratios = roundRatios().stream().filter(Objects::nonNull).toList();
        return ratios.isEmpty() ? null : median(ratios);
    }

    public double medianOff() {
        return median(off);
    }

    public double medianOn() {
        return median(on);
    }

    /** The middle value, or the mean of the two middle values of an even count. */
    static double median(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One row per client count: the median writes/s paused and running, each round's ratio, and their median. */
    public static TextTable table(List<VerifierCost> costs) {
        TextTable table = TextTable.of(right("clients"), right("off writes/s"), right("on writes/s"),
                right("on / off by round"), right("on / off"));
        for (VerifierCost cost : costs) {
            table.row(Integer.toString(cost.clients()), format("%,.0f", cost.medianOff()),
                    format("%,.0f", cost.medianOn()),
                    cost.roundRatios().stream().map(VerifierCost::ratio).collect(Collectors.joining(" ")),
                    ratio(cost.ratio()));
        }
        return table;
    }

    private static String ratio(Double ratio) {
        return ratio == null ? "-" : format("%.2fx", ratio);
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
