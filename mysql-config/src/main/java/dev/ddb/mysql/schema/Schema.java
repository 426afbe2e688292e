package dev.ddb.mysql.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The suite's schema: the user-facing {@code ddb} database and the suite's own {@code ddb_meta}
 * (replication log and per-instance state), as written in {@value #RESOURCE}.
 */
public final class Schema {

    /** Classpath location of the schema; in the source tree src/main/resources/ddb/schema.sql. */
    public static final String RESOURCE = "ddb/schema.sql";
    public static final String DATABASE = "ddb";
    public static final String META_DATABASE = "ddb_meta";
    /** Databases the server owns; a reset never drops them. */
    public static final Set<String> SYSTEM_DATABASES = Set.of("mysql", "information_schema", "performance_schema", "sys");

    private static final Logger log = LoggerFactory.getLogger(Schema.class);
    /** A reset retries rather than wait the server's default of a year for a lock. */
    private static final int RESET_LOCK_WAIT_SECONDS = 3;
    private static final int RESET_ATTEMPTS = 10;
    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final long KILLED_SESSIONS_GRACE_MILLIS = 10_000;
    /** How InnoDB's status report names the session of a transaction ("MySQL thread id 12" or "MariaDB thread id 12"). */
    private static final Pattern TRANSACTION_SESSION = Pattern.compile("(?:MySQL|MariaDB) thread id (\\d+)");
    private static final List<String> STATEMENTS = parse(readResource());

    private Schema() {
    }

    /** The statements of {@value #RESOURCE}, in order, without comments. */
    public static List<String> statements() {
        return STATEMENTS;
    }

    /**
     * Creates whatever is missing and names the instance in {@code ddb_meta.state}; leaves existing
     * tables, rows, applied timestamp and epoch alone.
     */
    public static void apply(Connection connection, String instanceId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : STATEMENTS) {
                statement.execute(sql);
            }
        }
        try (PreparedStatement name = connection.prepareStatement(
                "UPDATE ddb_meta.state SET instance_id = ? WHERE id = 1")) {
            name.setString(1, instanceId);
            name.executeUpdate();
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * Returns an instance to a freshly provisioned state: ends other sessions' open transactions,
     * rolls back prepared XA transactions, makes it writable, drops every non-system database and
     * applies the schema again.
     */
    public static void reset(Connection connection, String instanceId) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET SESSION lock_wait_timeout = " + RESET_LOCK_WAIT_SECONDS);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                clear(connection);
                break;
            } catch (SQLException e) {
                if (e.getErrorCode() != LOCK_WAIT_TIMEOUT || attempt == RESET_ATTEMPTS) {
                    throw new SQLException("Cannot reset " + instanceId + ": " + e.getMessage() + "; sessions: "
                            + sessions(connection), e.getSQLState(), e.getErrorCode(), e);
                }
                log.warn("Reset of {} waited for a lock (attempt {} of {}); ending transactions again; sessions: {}",
                        instanceId, attempt, RESET_ATTEMPTS, sessions(connection));
            }
        }
        apply(connection, instanceId);
        log.debug("Reset {} to an empty schema", instanceId);
    }

    /**
     * A client that just disconnected may still hold its locks for a moment (a prepared XA branch is
     * detached from its session only then), so a lock wait here means: end transactions and try again.
     */
    private static void clear(Connection connection) throws SQLException {
        endOtherTransactions(connection);
        rollBackPreparedXa(connection);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET GLOBAL read_only = OFF");
            for (String database : userDatabases(connection)) {
                statement.execute("DROP DATABASE " + quoteIdentifier(database));
            }
        }
    }

    private static String sessions(Connection connection) {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, user, command, state, info FROM information_schema.processlist "
                     + "WHERE id <> CONNECTION_ID()")) {
            List<String> sessions = new ArrayList<>();
            while (rows.next()) {
                sessions.add(rows.getLong(1) + " " + rows.getString(2) + " " + rows.getString(3) + " "
                        + rows.getString(4) + " " + rows.getString(5));
            }
            return sessions.toString();
        } catch (SQLException e) {
            return "(cannot list: " + e.getMessage() + ")";
        }
    }

    static List<String> parse(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(current.isEmpty() ? "" : "\n").append(trimmed);
            if (trimmed.endsWith(";")) {
                current.setLength(current.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            throw new IllegalStateException(RESOURCE + " ends with a statement that has no ';': " + current);
        }
        return List.copyOf(statements);
    }

    /**
     * Sessions with an open transaction may hold locks that DROP DATABASE would wait for. InnoDB's
     * status report names them as it is now; information_schema.innodb_trx is a cache that can be
     * seconds old and miss a transaction that just began.
     */
    private static void endOtherTransactions(Connection connection) throws SQLException {
        long ownSession;
        String status;
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT CONNECTION_ID()")) {
                rows.next();
                ownSession = rows.getLong(1);
            }
            try (ResultSet rows = statement.executeQuery("SHOW ENGINE INNODB STATUS")) {
                rows.next();
                status = rows.getString("Status");
            }
        }
        List<Long> sessions = new ArrayList<>();
        Matcher session = TRANSACTION_SESSION.matcher(status);
        while (session.find()) {
            long id = Long.parseLong(session.group(1));
            if (id != ownSession && !sessions.contains(id)) {
                sessions.add(id);
            }
        }
        if (sessions.isEmpty()) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (long id : sessions) {
                try {
                    statement.execute("KILL " + id);
                } catch (SQLException alreadyGone) {
                    log.debug("Session {} ended before it could be killed", id);
                }
            }
        }
        awaitSessionsGone(connection, sessions);
    }

    private static void awaitSessionsGone(Connection connection, List<Long> sessions) throws SQLException {
        long deadline = System.currentTimeMillis() + KILLED_SESSIONS_GRACE_MILLIS;
        String ids = sessions.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElseThrow();
        while (System.currentTimeMillis() < deadline) {
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT COUNT(*) FROM information_schema.processlist WHERE id IN (" + ids + ")")) {
                rows.next();
                if (rows.getLong(1) == 0) {
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted while waiting for killed sessions to end", e);
            }
        }
        log.warn("Sessions {} were killed but had not ended after {} ms", ids, KILLED_SESSIONS_GRACE_MILLIS);
    }

    private static void rollBackPreparedXa(Connection connection) throws SQLException {
        List<String> xids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("XA RECOVER")) {
            while (rows.next()) {
                long formatId = rows.getLong("formatID");
                int gtridLength = rows.getInt("gtrid_length");
                int bqualLength = rows.getInt("bqual_length");
                byte[] data = rows.getBytes("data");
                HexFormat hex = HexFormat.of();
                xids.add("X'" + hex.formatHex(data, 0, gtridLength) + "',X'"
                        + hex.formatHex(data, gtridLength, gtridLength + bqualLength) + "'," + formatId);
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String xid : xids) {
                statement.execute("XA ROLLBACK " + xid);
            }
        }
    }

    private static List<String> userDatabases(Connection connection) throws SQLException {
        List<String> databases = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW DATABASES")) {
            while (rows.next()) {
                String database = rows.getString(1);
                if (!SYSTEM_DATABASES.contains(database.toLowerCase())) {
                    databases.add(database);
                }
            }
        }
        return databases;
    }

    private static String quoteIdentifier(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private static String readResource() {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }
}
