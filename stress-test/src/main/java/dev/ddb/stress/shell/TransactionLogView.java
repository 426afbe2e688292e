package dev.ddb.stress.shell;

import dev.ddb.stress.report.TextTable;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * What {@code :log} prints from the coordinator's {@code GET /transactions}: one row per log entry with its
 * timestamp, transaction id, epoch, tables, the instances that have applied it and its statements.
 */
final class TransactionLogView {

    /** Statements longer than this are cut, so one entry stays one readable row. */
    static final int STATEMENTS_WIDTH = 80;

    private TransactionLogView() {
    }

    /** Every line ends with a newline. */
    static String render(JsonNode answer) {
        JsonNode entries = answer.path("transactions");
        if (entries.isEmpty()) {
            return "no transactions logged\n";
        }
        TextTable table = TextTable.of(TextTable.Column.right("timestamp"), TextTable.Column.left("txn_id"),
                TextTable.Column.right("epoch"), TextTable.Column.left("tables"), TextTable.Column.left("applied by"),
                TextTable.Column.left("statements"));
        entries.valueStream().forEach(entry -> table.row(
                Long.toString(entry.path("timestamp").asLong()),
                entry.path("txn_id").asString(),
                Long.toString(entry.path("epoch").asLong()),
                String.join(",", QueryResultView.texts(entry.path("tables"))),
                String.join(",", QueryResultView.texts(entry.path("applied_by"))),
                statements(entry.path("statements"))));
        int count = answer.path("count").asInt(entries.size());
        return table.render() + count + (count == 1 ? " transaction" : " transactions") + "\n";
    }

    /** The statements joined with {@code ;}, cut to {@link #STATEMENTS_WIDTH} characters. */
    static String statements(JsonNode statements) {
        List<String> texts = statements.valueStream().map(TransactionLogView::sql).toList();
        String joined = QueryResultView.oneLine(texts.stream().collect(Collectors.joining("; ")));
        return joined.length() <= STATEMENTS_WIDTH ? joined : joined.substring(0, STATEMENTS_WIDTH - 3) + "...";
    }

    /** A statement is its SQL text, or an object carrying it in {@code sql}. */
    private static String sql(JsonNode statement) {
        if (statement.isObject() && statement.has("sql")) {
            return statement.get("sql").asString();
        }
        return statement.isString() ? statement.asString() : statement.toString();
    }
}
