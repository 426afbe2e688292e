package dev.ddb.stress.report;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table for a terminal: columns as wide as their widest cell, two spaces apart, no trailing blanks. */
public final class TextTable {

    public enum Align { LEFT, RIGHT }

    public record Column(String header, Align align) {

        public static Column left(String header) {
            return new Column(header, Align.LEFT);
        }

        public static Column right(String header) {
            return new Column(header, Align.RIGHT);
        }
    }

    private static final String GAP = "  ";

    private final List<Column> columns;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.columns = List.copyOf(columns);
    }

    public static TextTable of(Column... columns) {
        return new TextTable(Arrays.asList(columns));
    }

    public TextTable row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("a row of this table has " + columns.size() + " cells, got "
                    + cells.length + ": " + Arrays.toString(cells));
        }
        rows.add(List.of(cells));
        return this;
    }

    public void print(PrintWriter out) {
        out.print(render());
        out.flush();
    }

    /** The header, a rule of dashes under it, then the rows; every line ends with a newline. */
    public String render() {
        int[] widths = new int[columns.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = columns.get(c).header().length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, widths, columns.stream().map(Column::header).toList());
        line(text, widths, Arrays.stream(widths).mapToObj("-"::repeat).toList());
        rows.forEach(row -> line(text, widths, row));
        return text.toString();
    }

    private void line(StringBuilder text, int[] widths, List<String> cells) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append(GAP);
            }
            String padding = " ".repeat(widths[c] - cells.get(c).length());
            line.append(columns.get(c).align() == Align.RIGHT ? padding + cells.get(c) : cells.get(c) + padding);
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
