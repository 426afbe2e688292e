package dev.ddb.stress.runner;

import java.util.List;
import java.util.Locale;

/**
 * Charts as inline SVG, so report.html needs no script, no stylesheet and no network: line charts over the run's
 * time axis and a grouped bar chart for the benchmark.
 */
final class SvgChart {

    /** One line: its name in the legend, its colour, and its (x, y) points in x order. */
    record Series(String name, String color, List<double[]> points) {
    }

    /** One bar group's bars, in the order of the chart's series names. */
    record Group(String label, List<Double> values) {
    }

    static final List<String> PALETTE = List.of("#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
            "#e377c2", "#17becf");

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 300;
    private static final int LEFT = 70;
    private static final int RIGHT = 190;
    private static final int TOP = 34;
    private static final int BOTTOM = 40;
    private static final int TICKS = 5;
    /** Points further apart than this are not joined: an instance without samples (down, or master) shows a gap. */
    private static final double LONGEST_GAP_SECONDS = 2.5;

    private SvgChart() {
    }

    static String lines(String title, String xLabel, String yLabel, List<Series> series,
                        List<ScenarioReport.Marker> markers) {
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = 0;
        for (Series line : series) {
            for (double[] point : line.points()) {
                minX = Math.min(minX, point[0]);
                maxX = Math.max(maxX, point[0]);
                maxY = Math.max(maxY, point[1]);
            }
        }
        StringBuilder svg = open(title);
        if (minX > maxX) {
            svg.append(text(LEFT + 10, TOP + 40, "no data", "start", 13));
            return svg.append("</svg>\n").toString();
        }
        for (ScenarioReport.Marker marker : markers) {
            minX = Math.min(minX, marker.second());
            maxX = Math.max(maxX, marker.second());
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        double top = niceCeiling(maxY);
        axes(svg, minX, maxX, top, xLabel, yLabel);
        int markerRow = 0;
        for (ScenarioReport.Marker marker : markers) {
            double x = x(marker.second(), minX, maxX);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\""
                    + " stroke-dasharray=\"4 3\"/>%n", x, TOP, x, HEIGHT - BOTTOM));
            svg.append(text(x + 3, TOP + 12 + 12 * (markerRow++ % 3), marker.label(), "start", 11));
        }
        int legendRow = 0;
        for (Series line : series) {
            if (line.points().isEmpty()) {
                continue;
            }
            StringBuilder path = new StringBuilder();
            double previousX = Double.NaN;
            for (double[] point : line.points()) {
                boolean gap = !(point[0] - previousX <= LONGEST_GAP_SECONDS);
                path.append(path.isEmpty() ? "M" : gap ? " M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f",
                        x(point[0], minX, maxX), y(point[1], top)));
                previousX = point[0];
            }
            svg.append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").append(line.color()).append("\" d=\"")
                    .append(path).append("\"/>\n");
            legend(svg, legendRow++, line.name(), line.color());
        }
        return svg.append("</svg>\n").toString();
    }

    static String bars(String title, String yLabel, List<String> seriesNames, List<Group> groups) {
        StringBuilder svg = open(title);
        double maxY = groups.stream().flatMap(group -> group.values().stream())
                .filter(value -> value != null).mapToDouble(Double::doubleValue).max().orElse(0);
        double top = niceCeiling(maxY);
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        yAxis(svg, top, yLabel);
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        double groupWidth = plotWidth / (double) Math.max(1, groups.size());
        double barWidth = groupWidth * 0.8 / Math.max(1, seriesNames.size());
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            double start = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int s = 0; s < group.values().size(); s++) {
                Double value = group.values().get(s);
                if (value == null) {
                    continue;
                }
                double height = top == 0 ? 0 : value / top * plotHeight;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                        + " fill=\"%s\"><title>%s: %.0f</title></rect>%n", start + s * barWidth,
                        HEIGHT - BOTTOM - height, barWidth - 2, height, PALETTE.get(s % PALETTE.size()),
                        escape(seriesNames.get(s) + " at " + group.label()), value));
            }
            svg.append(text(start + groupWidth * 0.4, HEIGHT - BOTTOM + 16, group.label(), "middle", 12));
        }
        for (int s = 0; s < seriesNames.size(); s++) {
            legend(svg, s, seriesNames.get(s), PALETTE.get(s % PALETTE.size()));
        }
        return svg.append("</svg>\n").toString();
    }

    private static StringBuilder open(String title) {
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", WIDTH, HEIGHT));
        svg.append(text(LEFT, 20, title, "start", 15));
        return svg;
    }

    private static void axes(StringBuilder svg, double minX, double maxX, double top, String xLabel, String yLabel) {
        yAxis(svg, top, yLabel);
        svg.append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        for (int i = 0; i <= TICKS; i++) {
            double value = minX + (maxX - minX) * i / TICKS;
            double x = x(value, minX, maxX);
            svg.append(line(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4));
            svg.append(text(x, HEIGHT - BOTTOM + 16, number(value), "middle", 11));
        }
        svg.append(text(LEFT + (WIDTH - LEFT - RIGHT) / 2.0, HEIGHT - 6, xLabel, "middle", 12));
    }

    private static void yAxis(StringBuilder svg, double top, String yLabel) {
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM));
        for (int i = 0; i <= TICKS; i++) {
            double value = top * i / TICKS;
            double y = y(value, top);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT, y, WIDTH - RIGHT, y));
            svg.append(text(LEFT - 6, y + 4, number(value), "end", 11));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%.1f\" font-size=\"12\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %.1f)\">%s</text>%n", (TOP + HEIGHT - BOTTOM) / 2.0,
                (TOP + HEIGHT - BOTTOM) / 2.0, escape(yLabel)));
    }

    private static void legend(StringBuilder svg, int row, String name, String color) {
        int y = TOP + 10 + row * 18;
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"%s\"/>%n",
                WIDTH - RIGHT + 16, y - 4, color));
        svg.append(text(WIDTH - RIGHT + 36, y + 2, name, "start", 12));
    }

    private static double x(double value, double minX, double maxX) {
        return LEFT + (value - minX) / (maxX - minX) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double value, double top) {
        return HEIGHT - BOTTOM - (top == 0 ? 0 : value / top) * (HEIGHT - TOP - BOTTOM);
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}, so ticks fall on round numbers. */
    static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 5, 10}) {
            if (step * power >= value) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                x1, y1, x2, y2);
    }

    private static String text(double x, double y, String content, String anchor, int size) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\">%s</text>%n",
                x, y, size, anchor, escape(content));
    }

    private static String number(double value) {
        if (Math.abs(value) >= 100 || value == Math.rint(value)) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
