package dev.ddb.stress.verify;

import static dev.ddb.stress.report.TextTable.Column.left;
import static dev.ddb.stress.report.TextTable.Column.right;

import dev.ddb.stress.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A report of {@code GET /admin/verify/{id}} as text for a terminal: one line per table, the chunks that differed
 * with their instance, key range and row counts, the instances left out, and a closing verdict.
 */
final class VerificationView {

    /** What a finished report says, from best to worst; {@link VerifyCommand} turns it into the exit code. */
    enum Verdict { EQUAL, INCOMPLETE, MISMATCH }

    private final JsonNode report;

    VerificationView(JsonNode report) {
        this.report = report;
    }

    String id() {
        return report.path("id").asString("?");
    }

    String state() {
        return report.path("state").asString("?");
    }

    /** The tables done so far, in the order the coordinator verified them. */
    List<JsonNode> tables() {
        List<JsonNode> tables = new ArrayList<>();
        report.path("tables").forEach(tables::add);
        return tables;
    }

    Verdict verdict() {
        if (mismatchCount() > 0) {
            return Verdict.MISMATCH;
        }
        return tables().stream().anyMatch(table -> !table.path("unavailable").isEmpty())
                ? Verdict.INCOMPLETE : Verdict.EQUAL;
    }

    /** {@code ddb.users: 3 chunks, 2,500 rows}, as progress shows a table done. */
    static String tableDone(JsonNode table) {
        return table.path("table").asString() + ": " + count(table.path("chunks").asLong(), "chunk") + ", "
                + count(table.path("rows").asLong(), "row");
    }

    /** The whole report, every line ending with a newline. */
    String render(String coordinator) {
        List<JsonNode> tables = tables();
        StringBuilder text = new StringBuilder();
        text.append(id()).append(": ").append(count(tables.size(), "table")).append(", ").append(state()).append('\n');
        if (tables.isEmpty()) {
            return text.append(verdictLine(tables)).append('\n').toString();
        }
        text.append('\n').append(tableSummary(tables).render());
        TextTable mismatches = mismatches(tables);
        if (mismatchCount() > 0) {
            text.append('\n').append("chunks that differ (keys [lo, hi): lo included, hi excluded; '-inf' and '+inf'"
                    + " are open bounds):\n").append(mismatches.render());
        }
        List<String> unavailable = unavailable(tables);
        if (!unavailable.isEmpty()) {
            text.append('\n').append("instances left out of at least one chunk (they had not applied its checksum"
                    + " entry in time; the other instances were compared):\n");
            unavailable.forEach(line -> text.append("  ").append(line).append('\n'));
        }
        text.append('\n').append(verdictLine(tables)).append('\n');
        if (mismatchCount() > 0) {
            text.append("to rewrite an instance's differing chunks from the master's rows, through the log:\n");
            for (String pair : repairTargets(tables)) {
                text.append("  curl -X POST ").append(coordinator).append("/admin/repair")
                        .append(" -H 'Content-Type: application/json' -d '").append(pair).append("'\n");
            }
        }
        return text.toString();
    }

    private static TextTable tableSummary(List<JsonNode> tables) {
        TextTable summary = TextTable.of(left("table"), right("chunks"), right("rows"), left("result"));
        for (JsonNode table : tables) {
            int differing = table.path("mismatches").size();
            String result = differing == 0 ? "equal" : differ(differing);
            if (table.path("whole_table").asBoolean(false)) {
                result += " (whole table as one chunk: no primary key)";
            }
            if (!table.path("unavailable").isEmpty()) {
                result += "; not compared everywhere on " + names(table.path("unavailable"));
            }
            summary.row(table.path("table").asString(), number(table.path("chunks").asLong()),
                    number(table.path("rows").asLong()), result);
        }
        return summary;
    }

    private static TextTable mismatches(List<JsonNode> tables) {
        TextTable mismatches = TextTable.of(left("table"), left("instance"), left("keys"), right("master rows"),
                right("instance rows"));
        for (JsonNode table : tables) {
            for (JsonNode mismatch : table.path("mismatches")) {
                mismatches.row(table.path("table").asString(), mismatch.path("instance").asString(),
                        keyRange(mismatch.path("lo"), mismatch.path("hi")),
                        number(mismatch.path("master_rows").asLong()),
                        number(mismatch.path("instance_rows").asLong()));
            }
        }
        return mismatches;
    }

    private static List<String> unavailable(List<JsonNode> tables) {
        List<String> lines = new ArrayList<>();
        for (JsonNode table : tables) {
            if (!table.path("unavailable").isEmpty()) {
                lines.add(table.path("table").asString() + ": " + names(table.path("unavailable")));
            }
        }
        return lines;
    }

    private String verdictLine(List<JsonNode> tables) {
        return switch (verdict()) {
            case EQUAL -> tables.isEmpty()
                    ? "no table to verify"
                    : "every table equal on every instance";
            case INCOMPLETE -> "no chunk differs, but some instance was not compared on every chunk (see above)";
            case MISMATCH -> differ(mismatchCount()) + ", in "
                    + tables.stream().filter(table -> !table.path("mismatches").isEmpty()).count() + " of "
                    + count(tables.size(), "table");
        };
    }

    /** One repair body per instance and table that differ, in the order found. */
    private static Set<String> repairTargets(List<JsonNode> tables) {
        Set<String> bodies = new LinkedHashSet<>();
        for (JsonNode table : tables) {
            for (JsonNode mismatch : table.path("mismatches")) {
                bodies.add("{\"instance\": \"" + mismatch.path("instance").asString() + "\", \"table\": \""
                        + table.path("table").asString() + "\"}");
            }
        }
        return bodies;
    }

    private long mismatchCount() {
        return tables().stream().mapToLong(table -> table.path("mismatches").size()).sum();
    }

    /** {@code [1, 1001)}; a missing bound is open: {@code [-inf, 1001)}, {@code [20001, +inf)}. */
    static String keyRange(JsonNode lo, JsonNode hi) {
        if (lo.isMissingNode() || lo.isNull()) {
            if (hi.isMissingNode() || hi.isNull()) {
                return "all keys";
            }
            return "[-inf, " + hi.asString() + ")";
        }
        return "[" + lo.asString() + ", " + (hi.isMissingNode() || hi.isNull() ? "+inf" : hi.asString()) + ")";
    }

    private static String names(JsonNode list) {
        List<String> names = new ArrayList<>();
        list.forEach(name -> names.add(name.asString()));
        return String.join(", ", names);
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String differ(long chunks) {
        return count(chunks, "chunk") + (chunks == 1 ? " differs" : " differ");
    }

    static String count(long value, String noun) {
        return number(value) + " " + noun + (value == 1 ? "" : "s");
    }
}
