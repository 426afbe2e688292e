package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.BoundSql;
import dev.ddb.coordinator.log.LogCodec;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A log entry as the SQL text a replica sends for it, rendered by Connector/J on a connection with some {@link
 * RenderingSettings}: the text serves every connection with the same settings.
 *
 * @param statements the entry's statements with their parameters bound ({@link EntryReplayer#renderStatements})
 * @param logRow the entry's row of the log
 * @param logRowInsert the INSERT of that row alone ({@link ReplicationLog#insert(LogCodec.Row)}), rendered
 */
record RenderedEntry(LogEntry entry, List<String> statements, LogCodec.Row logRow, String logRowInsert) {

    RenderedEntry {
        statements = List.copyOf(statements);
    }

    /** Renders each entry on the connection; {@code rows.get(i)} is the encoded log row of {@code entries.get(i)}. */
    static List<RenderedEntry> renderAll(Connection connection, ReplicationLog log, List<LogEntry> entries,
            List<LogCodec.Row> rows) throws SQLException {
        List<RenderedEntry> rendered = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            LogEntry entry = entries.get(i);
            LogCodec.Row row = rows.get(i);
            BoundSql insert = log.insert(row);
            rendered.add(new RenderedEntry(entry, EntryReplayer.renderStatements(connection, entry), row,
                    StatementScript.render(connection, insert.sql(), insert.params())));
        }
        return rendered;
    }
}
