package dev.ddb.coordinator.replication;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.mysql.cj.PreparedQuery;
import dev.ddb.coordinator.log.BoundSql;
import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.jdbc.JdbcStatement;
import com.mysql.cj.jdbc.StatementImpl;

/**
 * Statements sent in as few round trips as possible (multi-statement queries), each answered with
 * a result of its own. A batch of writes then costs one round trip instead of one per statement:
 * on a busy machine every round trip waits for the server's thread and then the caller's to be
 * scheduled, so round trips, not CPU, bounded how fast one writer could go.
 *
 * <p>Parameters are rendered into the text Connector/J would send for a client-side prepared statement
 * ({@code useServerPrepStmts=false}), so a statement runs exactly as it would on its own: directly by
 * {@link LiteralRendering} where it covers the case, else by such a statement of the driver. Texts
 * are joined by a newline, a semicolon and a newline, so a trailing {@code --} or {@code #} comment
 * cannot swallow the separator; a text's own trailing semicolons are dropped, since MariaDB refuses
 * an empty statement in a multi-statement query.
 *
 * <p>The server stops at the first statement that fails and Connector/J throws its error; the
 * statements before it have run. Callers therefore run a script inside a transaction they roll
 * back on failure. One round trip needs {@code allowMultiQueries} on the connection ({@link
 * InstanceConnector#open}).
 */
public final class StatementScript {

    /**
     * What one statement did.
     *
     * @param updateCount the update count Connector/J reports, 0 for a statement that returned rows
     * @param generatedKey the first generated key the server reported for a text added with
     *     {@link #addKeyed}, else 0
     * @param value the first column of the first row, for a text added with {@link #addValueQuery}
     */
    public record Result(long updateCount, long generatedKey, long value) {
    }

    /** Keeps each multi-statement query far below the servers' max_allowed_packet (64 MiB in server.cnf). */
    private static final int MAX_QUERY_CHARS = 4 * 1024 * 1024;
    private static final String SEPARATOR = "\n;\n";

    /** What to read from a statement's result besides its update count. */
    private enum Answer { UPDATE_COUNT, GENERATED_KEY, VALUE }

    private final List<String> texts = new ArrayList<>();
    private final List<Answer> answers = new ArrayList<>();
    private boolean keysWanted;

    /**
     * Adds one of the coordinator's own statements, sent exactly as written (no JDBC escape processing);
     * returns its index in {@link #run}'s results.
     */
    public int add(String sql) {
        return add(sql, Answer.UPDATE_COUNT);
    }

    /**
     * Adds a statement with its parameters bound in order, rendered as Connector/J would send it (JDBC escapes
     * such as {@code {fn NOW()}} processed); returns its index in {@link #run}'s results.
     */
    public int add(Connection connection, String sql, List<Object> params) throws SQLException {
        return add(render(connection, sql, params), Answer.UPDATE_COUNT);
    }

    /**
     * As {@link #add(Connection, String, List)}, and reads the first key the statement generated (asking
     * for keys costs a result object per statement, so only statements whose keys matter do).
     */
    public int addKeyed(Connection connection, String sql, List<Object> params) throws SQLException {
        keysWanted = true;
        return add(render(connection, sql, params), Answer.GENERATED_KEY);
    }

    /**
     * Adds a client statement already rendered ({@link #render}), sent as it is, and reads the first key it generated;
     * returns its index in {@link #run}'s results.
     */
    public int addRenderedKeyed(String rendered) {
        keysWanted = true;
        return add(rendered, Answer.GENERATED_KEY);
    }

    /** Adds a statement with its parameters bound in order; returns its index in {@link #run}'s results. */
    public int add(Connection connection, BoundSql statement) throws SQLException {
        return add(connection, statement.sql(), statement.params());
    }

    /** Adds a query whose first column of the first row is read as a number into {@link Result#value}. */
    public int addValueQuery(String sql) {
        return add(sql, Answer.VALUE);
    }

    public boolean isEmpty() {
        return texts.isEmpty();
    }

    /** The statements added so far. */
    public int size() {
        return texts.size();
    }

    /**
     * Runs every statement in order and returns one result per statement, in the order they were added.
     * On a connection without {@code allowMultiQueries} each statement takes a round trip of its own.
     */
    public List<Result> run(Connection connection) throws SQLException {
        List<Result> results = new ArrayList<>(texts.size());
        if (!allowsMultiQueries(connection)) {
            for (int i = 0; i < texts.size(); i++) {
                runQuery(connection, texts.get(i), i, i + 1, results);
            }
            return results;
        }
        StringBuilder query = new StringBuilder();
        int first = 0;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (i > first && query.length() + SEPARATOR.length() + text.length() > MAX_QUERY_CHARS) {
                runQuery(connection, query.toString(), first, i, results);
                query.setLength(0);
                first = i;
            }
            if (i > first) {
                query.append(SEPARATOR);
            }
            query.append(text);
        }
        if (!texts.isEmpty()) {
            runQuery(connection, query.toString(), first, texts.size(), results);
        }
        return results;
    }

    private static boolean allowsMultiQueries(Connection connection) throws SQLException {
        return connection.unwrap(JdbcConnection.class).getPropertySet()
                .getBooleanProperty(PropertyKey.allowMultiQueries).getValue();
    }

    private void runQuery(Connection connection, String query, int from, int to, List<Result> results) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // Rendering already did the JDBC escape processing ({fn ...}, {d ...}) of every client statement;
            // scanning the whole script for escapes again cost the appliers 40 % of their CPU.
            statement.setEscapeProcessing(false);
            boolean rows = statement.execute(query, keysWanted ? Statement.RETURN_GENERATED_KEYS : Statement.NO_GENERATED_KEYS);
            for (int i = from; i < to; i++) {
                if (i > from) {
                    rows = statement.getMoreResults();
                }
                results.add(rows ? rowsResult(statement, answers.get(i) == Answer.VALUE) : updateResult(statement, i));
            }
        }
    }

    private static Result rowsResult(Statement statement, boolean readValue) throws SQLException {
        long value = 0;
        if (readValue) {
            try (ResultSet rows = statement.getResultSet()) {
                value = rows.next() ? rows.getLong(1) : 0;
            }
        }
        return new Result(0, 0, value);
    }

    private Result updateResult(Statement statement, int index) throws SQLException {
        long updateCount = statement.getLargeUpdateCount();
        if (updateCount == -1) {
            throw new IllegalStateException("the server answered fewer results than the " + texts.size()
                    + " statements sent; statement " + (index + 1) + " has none: " + texts.get(index));
        }
        if (answers.get(index) != Answer.GENERATED_KEY) {
            return new Result(updateCount, 0, 0);
        }
        // The insert id of the statement's OK packet, which the driver's generated keys start from when the statement
        // changed rows, read without the result set getGeneratedKeys builds (a fifth of the sequencer's CPU). A
        // negative id is an unsigned one past Long.MAX_VALUE, which only the driver's keys render.
        long insertId = statement.unwrap(StatementImpl.class).getLastInsertID();
        if (insertId >= 0) {
            return new Result(updateCount, updateCount > 0 ? insertId : 0, 0);
        }
        try (ResultSet keys = statement.getGeneratedKeys()) {
            return new Result(updateCount, keys.next() ? keys.getLong(1) : 0, 0);
        }
    }

    private int add(String sql, Answer answer) {
        texts.add(withoutTrailingSemicolons(sql));
        answers.add(answer);
        return texts.size() - 1;
    }

    /**
     * The statement with its parameters bound in order, as Connector/J renders it on this connection ({@link
     * RenderingSettings} says what the text depends on): by {@link LiteralRendering} where it covers the case.
     */
    static String render(Connection connection, String sql, List<Object> params) throws SQLException {
        String direct = LiteralRendering.render(RenderingSettings.of(connection), sql, params);
        return direct != null ? direct : renderByDriver(connection, sql, params);
    }

    /** As {@link #render}, always through a client-side prepared statement of the driver. */
    static String renderByDriver(Connection connection, String sql, List<Object> params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            BoundSql.bind(statement, params);
            return ((PreparedQuery) statement.unwrap(JdbcStatement.class).getQuery()).asSql();
        }
    }

    private static String withoutTrailingSemicolons(String sql) {
        int end = sql.length();
        while (end > 0 && (sql.charAt(end - 1) == ';' || Character.isWhitespace(sql.charAt(end - 1)))) {
            end--;
        }
        return end == sql.length() ? sql : sql.substring(0, end);
    }
}
