package dev.ddb.coordinator.replication;

import com.mysql.cj.conf.PropertyKey;
import com.mysql.cj.conf.PropertySet;
import com.mysql.cj.jdbc.JdbcConnection;
import com.mysql.cj.protocol.ServerSession;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * What Connector/J's rendering of a statement with bound parameters ({@link StatementScript}) depends on, besides
 * the statement and its parameters: connections with equal settings render them to the same text, so a text
 * rendered on one serves the others ({@link SharedBatch}).
 *
 * <p>Checked against Connector/J 9.7's client-side prepared statements: a string parameter is quoted and escaped
 * with backslashes unless the server's {@code sql_mode} holds {@code NO_BACKSLASH_ESCAPES} (then quotes are
 * doubled), {@code "} is escaped unless it holds {@code ANSI_QUOTES}, and the text passes through the connection's
 * character encoding (which also decides whether an escaping encoder is needed). Both modes also decide where the
 * statement parser sees literals and placeholders; the driver reads {@code sql_mode} once, when it connects.
 * {@code processEscapeCodesForPrepStmts} decides whether JDBC escapes such as {@code {fn NOW()}} are rewritten.
 * Numbers, booleans and NULL render the same everywhere.
 */
record RenderingSettings(String characterEncoding, boolean noBackslashEscapes, boolean ansiQuotes,
        boolean processEscapeCodes) {

    static RenderingSettings of(Connection connection) throws SQLException {
        JdbcConnection driver = connection.unwrap(JdbcConnection.class);
        ServerSession server = driver.getSession().getServerSession();
        PropertySet properties = driver.getPropertySet();
        return new RenderingSettings(properties.getStringProperty(PropertyKey.characterEncoding).getValue(),
                server.isNoBackslashEscapesSet(), server.useAnsiQuotedIdentifiers(),
                properties.getBooleanProperty(PropertyKey.processEscapeCodesForPrepStmts).getValue());
    }
}
