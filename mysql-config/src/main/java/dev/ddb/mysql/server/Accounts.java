package dev.ddb.mysql.server;

import dev.ddb.mysql.cluster.DbCredentials;
import java.util.List;

/**
 * The accounts services log in with, written into a server's --init-file at every start, so an
 * instance provisioned by an older version gets them too (every statement is idempotent).
 *
 * <ul>
 *   <li>The suite's account ({@code DDB_DB_USER}) does the coordinator's own work: it runs the
 *       sequenced writes and their log rows, replays the log on replicas, creates users' databases,
 *       recovers XA branches and fences with read_only. It cannot grant privileges, and has no FILE
 *       privilege: nothing the suite does reads or writes a server's files.</li>
 *   <li>The reader ({@code DDB_DB_READ_USER}) runs clients' reads: SELECT on every database but the
 *       suite's {@code ddb_meta} and the server's {@code mysql} and {@code sys}. A grant on the
 *       pattern {@code %} covers databases created later (a client's {@code CREATE DATABASE shop});
 *       the grants on the three named databases shadow it there, because a server takes the first
 *       matching database-level grant in order of specificity, and a name without wildcards comes
 *       before a pattern. SHOW VIEW is the shadow because it lets nobody read a row. No global
 *       privilege, so {@code SHOW PROCESSLIST} and {@code SHOW GRANTS} show the reader its own only.</li>
 * </ul>
 *
 * Root stays reachable through the local socket only.
 */
final class Accounts {

    private static final String[] HOSTS = {"%", "localhost"};
    /** {@code _} is a wildcard in a database-level grant; escaped, the grant names ddb_meta alone. */
    private static final List<String> HIDDEN_FROM_READER = List.of("ddb\\_meta", "mysql", "sys");

    private Accounts() {
    }

    /**
     * Statements for a server's --init-file, which takes one statement per line. They stay out of the
     * binary log: the accounts are each server's own, and a server started with semi-sync replication
     * on (the stress runner's baseline) would wait for a replica's acknowledgement of each of them.
     */
    static String initFile(DbCredentials suite, DbCredentials reader) {
        StringBuilder sql = new StringBuilder("SET SESSION sql_log_bin = 0;\n");
        for (String host : HOSTS) {
            String account = create(sql, suite, host);
            sql.append("GRANT ALL PRIVILEGES ON *.* TO ").append(account).append(";\n");
            sql.append("REVOKE FILE ON *.* FROM ").append(account).append(";\n");
        }
        for (String host : HOSTS) {
            String account = create(sql, reader, host);
            sql.append("GRANT SELECT, SHOW VIEW ON `%`.* TO ").append(account).append(";\n");
            for (String database : HIDDEN_FROM_READER) {
                sql.append("GRANT SHOW VIEW ON `").append(database).append("`.* TO ").append(account).append(";\n");
            }
        }
        return sql.toString();
    }

    private static String create(StringBuilder sql, DbCredentials credentials, String host) {
        String account = quoted(credentials.user()) + "@" + quoted(host);
        sql.append("CREATE USER IF NOT EXISTS ").append(account).append(" IDENTIFIED BY ")
                .append(quoted(credentials.password())).append(";\n");
        return account;
    }

    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
