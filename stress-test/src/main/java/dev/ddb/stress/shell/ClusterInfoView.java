package dev.ddb.stress.shell;

import dev.ddb.stress.report.TextTable;
import java.net.URI;
import tools.jackson.databind.JsonNode;

/** What {@code :info} prints from the coordinator's {@code GET /status}: who is master, in which epoch, and the replicas. */
final class ClusterInfoView {

    private ClusterInfoView() {
    }

    /** Every line ends with a newline. */
    static String render(URI coordinator, String consistency, JsonNode status) {
        JsonNode master = status.path("current_master");
        StringBuilder text = new StringBuilder();
        text.append("coordinator  ").append(coordinator).append('\n');
        text.append("master       ").append(master.path("id").asString("none"));
        if (master.has("host")) {
            text.append(" (").append(master.path("host").asString()).append(':').append(master.path("port").asInt()).append(')');
        }
        text.append('\n');
        text.append("epoch        ").append(status.path("epoch").asLong()).append('\n');
        text.append("last write   timestamp ").append(status.path("master_last_ts").asLong()).append('\n');
        if (status.hasNonNull("quorum")) {
            text.append("quorum       ").append(status.get("quorum").asString()).append('\n');
        }
        text.append("consistency  ").append(consistency).append(" (this shell)\n");
        JsonNode replicas = status.path("current_replicas");
        if (replicas.isEmpty()) {
            return text.append("replicas     none\n").toString();
        }
        TextTable table = TextTable.of(TextTable.Column.left("replica"), TextTable.Column.left("address"),
                TextTable.Column.left("state"), TextTable.Column.right("applied_ts"), TextTable.Column.right("lag_ms"),
                TextTable.Column.left("last error"));
        replicas.valueStream().forEach(replica -> table.row(
                replica.path("id").asString(),
                replica.path("host").asString() + ":" + replica.path("port").asInt(),
                replica.path("state").asString(),
                Long.toString(replica.path("applied_ts").asLong()),
                Long.toString(replica.path("lag_ms").asLong()),
                QueryResultView.oneLine(replica.path("last_error").asString(""))));
        return text.append('\n').append(table.render()).toString();
    }
}
