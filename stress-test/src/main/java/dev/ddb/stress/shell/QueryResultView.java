package dev.ddb.stress.shell;

import dev.ddb.stress.client.CoordinatorClient.Answer;
import dev.ddb.stress.report.TextTable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import tools.jackson.databind.JsonNode;

/**
 * What the shell prints for an answer of {@code POST /query}: the rows as an aligned table and one line saying how
 * many rows, which instance ran the statement and, for a write, its transaction id and timestamp; a failure is one
 * line with the HTTP status, the coordinator's error code and its sentence.
 */
final class QueryResultView {

    private QueryResultView() {
    }

    /** Every line ends with a newline. */
    static String render(Answer answer) {
        if (!answer.succeeded()) {
            return errorLine(answer) + "\n";
        }
        JsonNode body = answer.body();
        JsonNode data = body.path("data");
        if (data.isArray()) {
            return (data.isEmpty() ? "" : table(data)) + readSummary(body, data.size()) + "\n";
        }
        return writeSummary(body) + "\n";
    }

    /** One line: {@code ERROR 409 DUPLICATE_KEY: <the coordinator's sentence>}. */
    static String errorLine(Answer answer) {
        StringBuilder line = new StringBuilder("ERROR ").append(answer.errorKind()).append(": ")
                .append(oneLine(answer.message()));
        if (answer.body() != null) {
            List<String> acknowledged = texts(answer.body().path("acknowledged_by"));
            if (!acknowledged.isEmpty()) {
                line.append(" (applied by ").append(String.join(", ", acknowledged)).append(')');
            }
        }
        return line.toString();
    }

    /** Columns in the order of the first row, then any a later row adds; a missing cell is blank. */
    static String table(JsonNode rows) {
        Set<String> names = new LinkedHashSet<>();
        rows.valueStream().forEach(row -> names.addAll(row.propertyNames()));
        List<String> columns = List.copyOf(names);
        TextTable table = new TextTable(columns.stream()
                .map(name -> numeric(rows, name) ? TextTable.Column.right(name) : TextTable.Column.left(name))
                .toList());
        rows.valueStream().forEach(row -> table.row(columns.stream()
                .map(name -> row.has(name) ? cell(row.get(name)) : "")
                .toArray(String[]::new)));
        return table.render();
    }

    private static boolean numeric(JsonNode rows, String column) {
        return rows.valueStream().map(row -> row.get(column))
                .allMatch(value -> value == null || value.isNull() || value.isNumber());
    }

    static String cell(JsonNode value) {
        if (value == null || value.isNull()) {
            return "NULL";
        }
        if (value.isString()) {
            return oneLine(value.asString());
        }
        return oneLine(value.toString());
    }

    private static String readSummary(JsonNode body, int shown) {
        int rows = body.path("row_count").asInt(shown);
        StringJoiner line = new StringJoiner(" | ");
        line.add(rows == 0 ? "no rows" : count(rows, "row"));
        line.add("node " + body.path("executed_on").asString("?"));
        if (body.hasNonNull("txn_id")) {
            line.add("txn " + body.get("txn_id").asString());
        }
        if (body.path("truncated").asBoolean(false)) {
            line.add("truncated at " + shown + " rows");
        }
        line.add(milliseconds(body));
        return line.toString();
    }

    private static String writeSummary(JsonNode body) {
        StringJoiner line = new StringJoiner(" | ");
        line.add(count(body.path("rows_affected").asLong(0), "row") + " affected");
        line.add("node " + body.path("executed_on").asString("?"));
        line.add("txn " + body.path("txn_id").asString("?"));
        if (body.hasNonNull("timestamp")) {
            line.add("timestamp " + body.get("timestamp").asLong());
        }
        if (body.path("last_insert_id").asLong(0) > 0) {
            line.add("insert id " + body.get("last_insert_id").asLong());
        }
        String consistency = body.path("consistency_level").asString("");
        List<String> acknowledged = texts(body.path("acknowledged_by"));
        if (!consistency.isEmpty()) {
            line.add(acknowledged.isEmpty() ? consistency : consistency + " (applied by " + String.join(", ", acknowledged) + ")");
        }
        line.add(milliseconds(body));
        return line.toString();
    }

    private static String count(long n, String noun) {
        return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
    }

    private static String milliseconds(JsonNode body) {
        return String.format(Locale.ROOT, "%.1f ms", body.path("latency_ms").asDouble(0));
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.valueStream().forEach(value -> texts.add(value.asString()));
        return texts;
    }

    /** Keeps a table aligned and an error on one line: control characters become visible escapes. */
    static String oneLine(String text) {
        return text.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }
}
