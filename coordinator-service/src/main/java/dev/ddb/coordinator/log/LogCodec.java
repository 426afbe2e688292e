package dev.ddb.coordinator.log;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.ddb.mysql.cluster.Privileges;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link LogEntry} as the columns of {@code ddb_meta.log} and back:
 * {@code statements} is {@code [{"sql": ..., "params": [...], "insert_id": n}]}, {@code context} is
 * {@code {"session_timestamp": "<seconds>.<micros>", "runs_as": "client"}} ({@code "suite"} for the suite's own
 * entries; a row without it was written before entries said, and reads back as the suite's, as it ran then),
 * {@code tables_touched} the tables joined by commas. Numbers read back as integers (normalised to {@code Long} by
 * {@link LoggedStatement}, {@code BigInteger} beyond it) and {@code BigDecimal}, with their scale, so a decoded entry
 * equals the encoded one and keeps its checksum.
 */
public final class LogCodec {

    /** Width of {@code ddb_meta.log.tables_touched}. */
    static final int TABLES_TOUCHED_WIDTH = 4096;
    private static final String TABLE_SEPARATOR = ",";

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // Later versions may add to the context; an older reader still applies what it knows.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The values of one {@code ddb_meta.log} row, {@code logged_at} aside (each instance sets its own). */
    public record Row(long ts, String txnId, long epoch, String statements, String context, String tablesTouched,
            long checksum) {
    }

    private record StatementJson(String sql, List<Object> params, @JsonProperty("insert_id") Long insertId) {
    }

    private record ContextJson(@JsonProperty("session_timestamp") String sessionTimestamp,
            @JsonProperty("runs_as") String runsAs) {
    }

    /** @throws IllegalArgumentException if a table name holds a comma or the names overflow the column */
    public Row encode(LogEntry entry) {
        List<StatementJson> statements = new ArrayList<>(entry.statements().size());
        for (LoggedStatement statement : entry.statements()) {
            statements.add(new StatementJson(statement.sql(), statement.params(), statement.insertId()));
        }
        String context = json.writeValueAsString(new ContextJson(entry.sessionTimestamp(), runsAs(entry.runsAs())));
        return new Row(entry.ts(), entry.txnId(), entry.epoch(), json.writeValueAsString(statements), context,
                joinTables(entry), entry.checksum());
    }

    /**
     * The entry as written, checksum included; whether the checksum still matches is
     * {@link LogEntry#checksumValid()}'s question.
     *
     * @throws CorruptEntryException if a column does not parse into an entry
     */
    public LogEntry decode(Row row) {
        try {
            StatementJson[] parsed = json.readValue(row.statements(), StatementJson[].class);
            if (parsed == null) {
                throw new CorruptEntryException(row.ts(), "statements is JSON null", null);
            }
            List<LoggedStatement> statements = new ArrayList<>(parsed.length);
            for (StatementJson statement : parsed) {
                if (statement == null || statement.sql() == null || statement.params() == null
                        || statement.insertId() == null) {
                    throw new CorruptEntryException(row.ts(), "a statement lacks sql, params or insert_id", null);
                }
                statements.add(new LoggedStatement(statement.sql(), statement.params(), statement.insertId()));
            }
            ContextJson context = json.readValue(row.context(), ContextJson.class);
            if (context == null || context.sessionTimestamp() == null) {
                throw new CorruptEntryException(row.ts(), "the context lacks session_timestamp", null);
            }
            return new LogEntry(row.ts(), row.txnId(), row.epoch(), statements, context.sessionTimestamp(),
                    splitTables(row.tablesTouched()), runsAs(row.ts(), context.runsAs()), row.checksum());
        } catch (JacksonException | IllegalArgumentException e) {
            throw new CorruptEntryException(row.ts(), e.getMessage(), e);
        }
    }

    private static String runsAs(Privileges privileges) {
        return privileges.name().toLowerCase(Locale.ROOT);
    }

    private static Privileges runsAs(long ts, String stored) {
        if (stored == null) {
            return Privileges.SUITE;
        }
        for (Privileges privileges : Privileges.values()) {
            if (runsAs(privileges).equals(stored)) {
                return privileges;
            }
        }
        throw new CorruptEntryException(ts, "the context's runs_as is neither client nor suite: " + stored, null);
    }

    private static String joinTables(LogEntry entry) {
        for (String table : entry.tables()) {
            if (table.contains(TABLE_SEPARATOR)) {
                throw new IllegalArgumentException("the table name '" + table + "' holds a comma, which tables_touched"
                        + " uses to separate names");
            }
        }
        String joined = String.join(TABLE_SEPARATOR, entry.tables());
        if (joined.length() > TABLES_TOUCHED_WIDTH) {
            throw new IllegalArgumentException("entry ts=" + entry.ts() + " names " + entry.tables().size()
                    + " tables, more than tables_touched (" + TABLES_TOUCHED_WIDTH + " characters) holds");
        }
        return joined;
    }

    private static Set<String> splitTables(String tablesTouched) {
        if (tablesTouched == null || tablesTouched.isEmpty()) {
            return Set.of();
        }
        return Set.copyOf(Arrays.asList(tablesTouched.split(TABLE_SEPARATOR, -1)));
    }
}
