package dev.ddb.coordinator.replication;

import dev.ddb.coordinator.log.LogCodec;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.ShippedBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shipped batch as every replica's applier takes it, with the work that comes out the same on every replica
 * done once, by whichever applier needs it first: the checksums verified, the log rows encoded (unless the master
 * shipped them encoded) and the entries rendered as SQL text. Under load that work was over half of the appliers'
 * CPU, done once per replica.
 *
 * <p>The text depends on the connection it was rendered on only through its {@link RenderingSettings}, so it is
 * kept per settings: an applier whose connection renders differently renders (and keeps) its own.
 */
final class SharedBatch {

    private final ShippedBatch batch;
    private final ReplicationLog log;
    private List<LogEntry> damaged;
    private List<LogCodec.Row> rows;
    private final Map<RenderingSettings, List<RenderedEntry>> rendered = new HashMap<>(2);

    /** @param log encodes the log rows, as each replica's log would */
    SharedBatch(ShippedBatch batch, ReplicationLog log) {
        this.batch = batch;
        this.log = log;
    }

    ShippedBatch batch() {
        return batch;
    }

    /** The entries whose checksum does not match their content, in ts order. */
    synchronized List<LogEntry> damagedEntries() {
        if (damaged == null) {
            damaged = batch.entries().stream().filter(entry -> !entry.checksumValid()).toList();
        }
        return damaged;
    }

    /**
     * The batch's entries as this connection renders them, in ts order: rendered by whichever applier came first
     * with the same settings, or now. Checksums must be verified first; rendering runs nothing.
     */
    List<RenderedEntry> renderedFor(Connection connection) throws SQLException {
        RenderingSettings settings = RenderingSettings.of(connection);
        synchronized (this) {
            List<RenderedEntry> texts = rendered.get(settings);
            if (texts == null) {
                if (rows == null) {
                    rows = batch.rows() != null ? batch.rows() : log.rows(batch.entries());
                }
                texts = RenderedEntry.renderAll(connection, log, batch.entries(), rows);
                rendered.put(settings, texts);
            }
            return texts;
        }
    }
}
