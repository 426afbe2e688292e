package dev.ddb.mysql.server;

import dev.ddb.mysql.cluster.DbCredentials;

/**
 * The account services log in with. It may do anything the coordinator does (create users'
 * databases, XA recovery, fence with read_only) but cannot grant privileges; root stays reachable
 * through the local socket only.
 */
final class ApplicationUser {

    private static final String[] HOSTS = {"%", "localhost"};

    private ApplicationUser() {
    }

    /** Statements for a server's --init-file, which takes one statement per line. */
    static String initFile(DbCredentials credentials) {
        StringBuilder sql = new StringBuilder();
        String password = quoted(credentials.password());
        for (String host : HOSTS) {
            String account = quoted(credentials.user()) + "@" + quoted(host);
            sql.append("CREATE USER IF NOT EXISTS ").append(account).append(" IDENTIFIED BY ").append(password).append(";\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO ").append(account).append(";\n");
        }
        return sql.toString();
    }

    private static String quoted(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
