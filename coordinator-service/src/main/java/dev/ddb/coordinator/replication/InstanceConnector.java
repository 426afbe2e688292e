package dev.ddb.coordinator.replication;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.InstanceAddress;
import dev.ddb.mysql.schema.Schema;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * Opens connections to the {@code ddb} database of an instance with the Connector/J properties
 * the log needs. The master's write connection must use the same ones, because a statement must
 * run in the same session settings wherever it is replayed.
 *
 * <ul>
 *   <li>{@code sessionVariables=time_zone='+00:00'}: {@code NOW()} written into a DATETIME column
 *       renders the replayed {@code SET TIMESTAMP} in the session time zone, so every session pins one.</li>
 *   <li>{@code useServerPrepStmts=false} (client-side binding): one round trip per statement and
 *       nothing cached on the server, where nearly every replayed SQL text is new.
 *       {@code cachePrepStmts} keeps the client's parse of repeated texts.</li>
 *   <li>{@code rewriteBatchedStatements} stays off: the log append already is one multi-row INSERT,
 *       and a batch's statements go as one multi-statement query ({@code allowMultiQueries}, writers
 *       only), each after its own INSERT_ID.</li>
 *   <li>{@code connectTimeout} and {@code socketTimeout} bound how long a dead instance can hold an
 *       applier; {@code autoReconnect} stays off, since a silent reconnect would lose the session's
 *       {@code SET TIMESTAMP} and transaction mid-batch; callers reconnect and re-read the state.</li>
 *   <li>{@code useLocalSessionState}: autocommit and isolation are tracked in the driver instead of
 *       asked from the server before each transaction.</li>
 *   <li>{@code useAffectedRows} stays false: an UPDATE reports matched rows, which
 *       {@code InstanceState} relies on.</li>
 * </ul>
 */
public final class InstanceConnector {

    private final DbCredentials credentials;
    private final Duration connectTimeout;
    private final Duration socketTimeout;
    private final boolean binaryLogged;

    public InstanceConnector(DbCredentials credentials, Duration connectTimeout, Duration socketTimeout) {
        this(credentials, connectTimeout, socketTimeout, true);
    }

    private InstanceConnector(DbCredentials credentials, Duration connectTimeout, Duration socketTimeout,
            boolean binaryLogged) {
        this.credentials = credentials;
        this.connectTimeout = connectTimeout;
        this.socketTimeout = socketTimeout;
        this.binaryLogged = binaryLogged;
    }

    /**
     * The same connections with {@code sql_log_bin = 0}: the binlog mode's bookkeeping (terms, roles, epochs) is each
     * instance's own and must not reach the replicas, where it would also take GTIDs of the instance's own that its
     * master lacks. Only the binlog mode's writer writes to the binary log.
     */
    public InstanceConnector withoutBinaryLog() {
        return new InstanceConnector(credentials, connectTimeout, socketTimeout, false);
    }

    /**
     * A new connection to the instance's {@code ddb} database, in autocommit mode, for the coordinator's
     * own writers: it also accepts multi-statement queries ({@link StatementScript}).
     */
    public Connection open(InstanceAddress instance) throws SQLException {
        Properties properties = properties();
        properties.setProperty("allowMultiQueries", "true");
        return DriverManager.getConnection(instance.jdbcUrl(Schema.DATABASE), properties);
    }

    /**
     * The properties {@link #open} uses, credentials included, for a pool that must match them, except
     * that they refuse multi-statement queries: the pools run clients' reads, which are single statements.
     */
    public Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", String.valueOf(connectTimeout.toMillis()));
        properties.setProperty("socketTimeout", String.valueOf(socketTimeout.toMillis()));
        properties.setProperty("sessionVariables", "time_zone='+00:00'" + (binaryLogged ? "" : ",sql_log_bin=0"));
        properties.setProperty("useServerPrepStmts", "false");
        properties.setProperty("cachePrepStmts", "true");
        properties.setProperty("prepStmtCacheSize", "256");
        properties.setProperty("prepStmtCacheSqlLimit", "4096");
        properties.setProperty("rewriteBatchedStatements", "false");
        properties.setProperty("autoReconnect", "false");
        properties.setProperty("useLocalSessionState", "true");
        properties.setProperty("useAffectedRows", "false");
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }
}
