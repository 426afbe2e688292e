package dev.ddb.coordinator.replication;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.coordinator.log.BoundSql;
import dev.ddb.coordinator.log.LogCodec;
import dev.ddb.coordinator.log.LogEntry;
import dev.ddb.coordinator.log.LoggedStatement;
import dev.ddb.coordinator.log.ReplicationLog;
import dev.ddb.coordinator.log.ShippedBatch;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import dev.ddb.mysql.cluster.Privileges;

@LocalServers(count = 2)
class SharedBatchTest {

    /** Every character the driver escapes differently with and without NO_BACKSLASH_ESCAPES or ANSI_QUOTES. */
    private static final String TRICKY = "O'Brien \\ \"quoted\" line\nbreak\r tab\t nul\0 ctrl-z\u001a yen\u00a5 won\u20a9";

    private final TestCluster cluster;
    private final ReplicationLog log = new ReplicationLog();

    SharedBatchTest(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void emptyInstances() throws SQLException {
        cluster.emptyAll();
    }

    private Connection writer(String instanceId) throws SQLException {
        return Writers.open(cluster, instanceId);
    }

    /** A writer connection opened while the server's global sql_mode also holds {@code mode}, restored at once. */
    private Connection writerWithMode(String instanceId, String mode) throws SQLException {
        try (Connection admin = cluster.connect(instanceId, ""); Statement statement = admin.createStatement()) {
            String original;
            try (ResultSet row = statement.executeQuery("SELECT @@GLOBAL.sql_mode")) {
                row.next();
                original = row.getString(1);
            }
            statement.execute("SET GLOBAL sql_mode = CONCAT_WS(',', NULLIF(@@GLOBAL.sql_mode, ''), '" + mode + "')");
            try {
                return writer(instanceId);
            } finally {
                statement.execute("SET GLOBAL sql_mode = '" + original + "'");
            }
        }
    }

    private static LogEntry entry(long ts) {
        return LogEntry.create(ts, String.format("TXN-1700000000000-%08x", ts), 1, List.of(
                new LoggedStatement("INSERT INTO users (name, email) VALUES (?, ?)", List.of(TRICKY + ts, ts + "@example.org"),
                        ts),
                new LoggedStatement("UPDATE products SET name = ?, price = ?, stock = ? WHERE id = ? AND ? IS NULL OR ?",
                        Arrays.asList("it's \"" + ts + "\"", new BigDecimal("12.50"), 7L, ts, null, true), 0)),
                "1700000000." + String.format("%06d", ts), Set.of("ddb.users", "ddb.products"), Privileges.CLIENT);
    }

    private static List<LogEntry> entries(long from, long to) {
        return LongStream.rangeClosed(from, to).mapToObj(SharedBatchTest::entry).toList();
    }

    private static List<String> rendered(Connection connection, List<BoundSql> statements) throws SQLException {
        List<String> texts = new ArrayList<>();
        for (BoundSql statement : statements) {
            texts.add(StatementScript.render(connection, statement.sql(), statement.params()));
        }
        return texts;
    }

    @Test
    void connectionsThatRenderAlikeShareOneRenderingEqualToTheirOwn() throws SQLException {
        SharedBatch shared = new SharedBatch(new ShippedBatch(0, entries(1, 3)), log);
        try (Connection first = writer("instance-1"); Connection second = writer("instance-2")) {
            List<RenderedEntry> onFirst = shared.renderedFor(first);
            List<RenderedEntry> onSecond = shared.renderedFor(second);

            assertThat(onSecond).isSameAs(onFirst);
            for (RenderedEntry rendered : onSecond) {
                assertThat(rendered.statements()).isEqualTo(EntryReplayer.renderStatements(second, rendered.entry()));
                assertThat(List.of(rendered.logRowInsert())).isEqualTo(rendered(second, log.inserts(List.of(rendered.entry()))));
            }
        }
    }

    @Test
    void logRowsTheMasterShippedEncodedAreNotEncodedAgain() throws SQLException {
        List<LogEntry> entries = entries(1, 3);
        List<LogCodec.Row> shippedRows = log.rows(entries);
        SharedBatch shared = new SharedBatch(new ShippedBatch(0, entries, shippedRows), log);
        try (Connection connection = writer("instance-1")) {
            List<RenderedEntry> rendered = shared.renderedFor(connection);

            for (int i = 0; i < entries.size(); i++) {
                assertThat(rendered.get(i).logRow()).isSameAs(shippedRows.get(i));
            }
        }
    }

    @Test
    void aConnectionWithNoBackslashEscapesRendersItsOwnText() throws SQLException {
        SharedBatch shared = new SharedBatch(new ShippedBatch(0, entries(1, 2)), log);
        try (Connection escaping = writer("instance-1");
             Connection withoutEscapes = writerWithMode("instance-2", "NO_BACKSLASH_ESCAPES")) {
            assertThat(RenderingSettings.of(withoutEscapes).noBackslashEscapes()).isTrue();
            assertThat(RenderingSettings.of(withoutEscapes)).isNotEqualTo(RenderingSettings.of(escaping));

            List<RenderedEntry> onEscaping = shared.renderedFor(escaping);
            List<RenderedEntry> onWithoutEscapes = shared.renderedFor(withoutEscapes);

            assertThat(onWithoutEscapes).isNotSameAs(onEscaping);
            assertThat(onEscaping.get(0).statements().get(0)).contains("O''Brien \\\\ \"quoted\"");
            assertThat(onWithoutEscapes.get(0).statements().get(0)).as("a string a backslash cannot escape goes as hex")
                    .contains("VALUES (x'4f27427269656e205c20");
            for (RenderedEntry rendered : onWithoutEscapes) {
                assertThat(rendered.statements()).isEqualTo(EntryReplayer.renderStatements(withoutEscapes, rendered.entry()));
                assertThat(List.of(rendered.logRowInsert()))
                        .isEqualTo(rendered(withoutEscapes, log.inserts(List.of(rendered.entry()))));
            }
            assertThat(shared.renderedFor(escaping)).as("each rendering is kept for its settings").isSameAs(onEscaping);
        }
    }

    @Test
    void logInsertsJoinedFromRowsRenderedOnceEqualTheWholeInsertsRendered() throws SQLException {
        List<LogEntry> entries = entries(1, 1_005);
        List<LogCodec.Row> rows = log.rows(entries);
        try (Connection connection = writer("instance-1")) {
            List<String> rowInserts = new ArrayList<>();
            for (LogCodec.Row row : rows) {
                BoundSql insert = log.insert(row);
                rowInserts.add(StatementScript.render(connection, insert.sql(), insert.params()));
            }

            List<String> joined = log.insertTexts(rows, rowInserts);

            assertThat(joined).hasSize(2).isEqualTo(rendered(connection, log.inserts(entries)));
        }
    }

    @Test
    void checksumsAreVerifiedOnceAndFindTheDamagedEntry() {
        List<LogEntry> entries = new ArrayList<>(entries(1, 3));
        LogEntry victim = entries.get(1);
        LogEntry damaged = new LogEntry(victim.ts(), victim.txnId(), victim.epoch(), List.of(), victim.sessionTimestamp(),
                victim.tables(), victim.runsAs(), victim.checksum());
        entries.set(1, damaged);
        SharedBatch shared = new SharedBatch(new ShippedBatch(0, entries), log);

        assertThat(shared.damagedEntries()).containsExactly(damaged);
        assertThat(shared.damagedEntries()).isSameAs(shared.damagedEntries());
    }
}
