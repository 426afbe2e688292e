package dev.ddb.mysql.server;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.cluster.Privileges;
import java.util.ArrayList;
import java.util.List;

/**
 * The accounts services log in with, written into a server's --init-file at every start, so an instance
 * provisioned by an older version gets them too (every statement is idempotent).
 *
 * <ul>
 *   <li>The suite's account ({@code DDB_DB_USER}) runs clients' writes and the coordinator's own work on one
 *       connection, in one transaction per batch, switching between two sets of privileges ({@link Privileges}).
 *       Its own grants are the client's: DML and DDL on every database but {@code ddb_meta}, {@code mysql} and
 *       {@code sys}, shadowed as for the reader below. They are the account's own rather than a second role's
 *       because a view runs with its definer's privileges, and MariaDB applies no role of the definer: a client's
 *       view, defined by this account, needs them to be readable. The role {@value Privileges#SUITE_ROLE}, the
 *       account's default role, adds the suite's work: the log in {@code ddb_meta}, users' databases, XA recovery,
 *       read_only fencing, KILL. It is ALL PRIVILEGES but FILE, SHUTDOWN and CREATE USER, without GRANT OPTION; it
 *       still writes the grant tables in {@code mysql}, so it confines clients' statements, not the coordinator. An
 *       account provisioned with the older direct ALL PRIVILEGES loses them here.</li>
 *   <li>The reader ({@code DDB_DB_READ_USER}) runs clients' reads: SELECT on every database but the
 *       suite's {@code ddb_meta} and the server's {@code mysql} and {@code sys}. A grant on the
 *       pattern {@code %} covers databases created later (a client's {@code CREATE DATABASE shop});
 *       the grants on the three named databases shadow it there, because a server takes the first
 *       matching database-level grant in order of specificity, and a name without wildcards comes
 *       before a pattern. SHOW VIEW is the shadow because it lets nobody read a row. No global
 *       privilege, so {@code SHOW PROCESSLIST} and {@code SHOW GRANTS} show the reader its own only.</li>
 *
 *   <li>The replication account ({@code DDB_DB_REPL_USER}) is what replicas' I/O threads log in to the master with
 *       in the binlog mode: REPLICATION SLAVE and nothing else, so the password a replica keeps in its
 *       {@code master.info} opens nothing but the binary log.</li>
 * </ul>
 *
 * Root stays reachable through the local socket only.
 */
final class Accounts {

    private static final String[] HOSTS = {"%", "localhost"};
    /** {@code _} is a wildcard in a database-level grant; escaped, the grant names ddb_meta alone. */
    private static final List<String> HIDDEN_FROM_CLIENTS = List.of("ddb\\_meta", "mysql", "sys");
    /** What clients' writes and schema changes need; the classifier refuses temporary tables, routines and triggers. */
    private static final String CLIENT_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX,"
            + " REFERENCES, CREATE VIEW, SHOW VIEW";
    /** Nothing the suite does needs these; CREATE USER would let it change any account's password. */
    private static final String NOT_FOR_THE_SUITE = "FILE, SHUTDOWN, CREATE USER";
    /** The server's administrator, reachable through the local socket only; mariadb-install-db creates it. */
    private static final String ROOT = "'root'@'localhost'";
    private static final String ROLE_GRANTS = "mysql.ddb_grant_suite_role";

    private Accounts() {
    }

    /**
     * Statements for a server's --init-file, which takes one statement per line. They stay out of the
     * binary log: the accounts are each server's own, and a server started with semi-sync replication
     * on (the stress runner's baseline) would wait for a replica's acknowledgement of each of them.
     */
    static String initFile(ServerBinary.Kind kind, DbCredentials suite, DbCredentials reader, DbCredentials replication) {
        boolean mariaDb = kind == ServerBinary.Kind.MARIADB;
        StringBuilder sql = new StringBuilder("SET SESSION sql_log_bin = 0;\n");
        // MariaDB would record the statement's account as the role's admin: an init file runs as none ('').
        sql.append("CREATE ROLE IF NOT EXISTS ").append(Privileges.SUITE_ROLE).append(mariaDb ? " WITH ADMIN " + ROOT : "")
                .append(";\n");
        sql.append("GRANT ALL PRIVILEGES ON *.* TO ").append(Privileges.SUITE_ROLE).append(";\n");
        sql.append("REVOKE ").append(NOT_FOR_THE_SUITE).append(" ON *.* FROM ").append(Privileges.SUITE_ROLE).append(";\n");
        List<String> roleGrants = new ArrayList<>();
        for (String host : HOSTS) {
            String account = create(sql, suite, host);
            sql.append("REVOKE ALL PRIVILEGES, GRANT OPTION FROM ").append(account).append(";\n");
            grantOnUserDatabases(sql, CLIENT_PRIVILEGES, account);
            roleGrants.add("GRANT " + Privileges.SUITE_ROLE + " TO " + account);
            roleGrants.add("SET DEFAULT ROLE " + Privileges.SUITE_ROLE + (mariaDb ? " FOR " : " TO ") + account);
        }
        if (mariaDb) {
            // MariaDB refuses both in an init file, for want of an account (1698 Access denied for user ''@''); a
            // procedure runs them as its definer.
            sql.append("CREATE OR REPLACE DEFINER = ").append(ROOT).append(" PROCEDURE ").append(ROLE_GRANTS)
                    .append("() SQL SECURITY DEFINER BEGIN ").append(String.join("; ", roleGrants)).append("; END;\n");
            sql.append("CALL ").append(ROLE_GRANTS).append("();\n");
            sql.append("DROP PROCEDURE ").append(ROLE_GRANTS).append(";\n");
        } else {
            roleGrants.forEach(statement -> sql.append(statement).append(";\n"));
        }
        for (String host : HOSTS) {
            grantOnUserDatabases(sql, "SELECT, SHOW VIEW", create(sql, reader, host));
        }
        for (String host : HOSTS) {
            String account = create(sql, replication, host);
            sql.append("GRANT REPLICATION SLAVE ON *.* TO ").append(account).append(";\n");
        }
        return sql.toString();
    }

    /** The privileges on every database but the hidden ones, present and future. */
    private static void grantOnUserDatabases(StringBuilder sql, String privileges, String account) {
        sql.append("GRANT ").append(privileges).append(" ON `%`.* TO ").append(account).append(";\n");
        for (String database : HIDDEN_FROM_CLIENTS) {
            sql.append("GRANT SHOW VIEW ON `").append(database).append("`.* TO ").append(account).append(";\n");
        }
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
