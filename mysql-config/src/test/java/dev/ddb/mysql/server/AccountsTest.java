package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private static final DbCredentials SUITE = new DbCredentials("ddb_user", "ddb_password");
    private static final DbCredentials READER = new DbCredentials("ddb_reader", "reader_password");
    private static final DbCredentials REPLICATION = new DbCredentials("ddb_repl", "repl_password");

    @Test
    void theSuiteAccountHoldsTheClientsPrivilegesAndGetsTheSuitesThroughItsDefaultRole() {
        String sql = Accounts.initFile(ServerBinary.Kind.MARIADB, SUITE, READER, REPLICATION);

        assertThat(sql.lines()).startsWith(
                "SET SESSION sql_log_bin = 0;",
                "CREATE ROLE IF NOT EXISTS ddb_suite WITH ADMIN 'root'@'localhost';",
                "GRANT ALL PRIVILEGES ON *.* TO ddb_suite;",
                "REVOKE FILE, SHUTDOWN, CREATE USER ON *.* FROM ddb_suite;",
                "CREATE USER IF NOT EXISTS 'ddb_user'@'%' IDENTIFIED BY 'ddb_password';",
                "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'ddb_user'@'%';",
                "GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, ALTER, INDEX, REFERENCES, CREATE VIEW, SHOW VIEW"
                        + " ON `%`.* TO 'ddb_user'@'%';",
                "GRANT SHOW VIEW ON `ddb\\_meta`.* TO 'ddb_user'@'%';",
                "GRANT SHOW VIEW ON `mysql`.* TO 'ddb_user'@'%';",
                "GRANT SHOW VIEW ON `sys`.* TO 'ddb_user'@'%';",
                "CREATE USER IF NOT EXISTS 'ddb_user'@'localhost' IDENTIFIED BY 'ddb_password';");
        assertThat(sql.lines()).containsSubsequence(
                "CREATE OR REPLACE DEFINER = 'root'@'localhost' PROCEDURE mysql.ddb_grant_suite_role() SQL SECURITY DEFINER"
                        + " BEGIN GRANT ddb_suite TO 'ddb_user'@'%'; SET DEFAULT ROLE ddb_suite FOR 'ddb_user'@'%';"
                        + " GRANT ddb_suite TO 'ddb_user'@'localhost'; SET DEFAULT ROLE ddb_suite FOR 'ddb_user'@'localhost';"
                        + " END;",
                "CALL mysql.ddb_grant_suite_role();",
                "DROP PROCEDURE mysql.ddb_grant_suite_role;");
        assertThat(sql).doesNotContain("GRANT OPTION ON", "WITH GRANT OPTION", "WITH ADMIN OPTION");
        assertThat(sql.lines().filter(line -> line.startsWith("GRANT") && line.contains("TO 'ddb_user'")))
                .noneMatch(line -> line.contains("*.*"));
    }

    @Test
    void onMySqlTheInitFileGrantsTheRoleItself() {
        String sql = Accounts.initFile(ServerBinary.Kind.MYSQL, SUITE, READER, REPLICATION);

        assertThat(sql.lines()).contains("CREATE ROLE IF NOT EXISTS ddb_suite;",
                "GRANT ddb_suite TO 'ddb_user'@'%';", "SET DEFAULT ROLE ddb_suite TO 'ddb_user'@'%';",
                "GRANT ddb_suite TO 'ddb_user'@'localhost';", "SET DEFAULT ROLE ddb_suite TO 'ddb_user'@'localhost';");
        assertThat(sql).doesNotContain("PROCEDURE");
    }

    @Test
    void theReaderMaySelectFromEveryDatabaseButTheSuitesAndTheServers() {
        String sql = Accounts.initFile(ServerBinary.Kind.MARIADB, SUITE, READER, REPLICATION);

        assertThat(sql.lines()).contains(
                "CREATE USER IF NOT EXISTS 'ddb_reader'@'%' IDENTIFIED BY 'reader_password';",
                "GRANT SELECT, SHOW VIEW ON `%`.* TO 'ddb_reader'@'%';",
                "GRANT SHOW VIEW ON `ddb\\_meta`.* TO 'ddb_reader'@'%';",
                "GRANT SHOW VIEW ON `mysql`.* TO 'ddb_reader'@'%';",
                "GRANT SHOW VIEW ON `sys`.* TO 'ddb_reader'@'%';");
        assertThat(sql.lines().filter(line -> line.contains("'ddb_reader'")))
                .noneMatch(line -> line.contains("*.*"));
    }

    @Test
    void theReplicationAccountMayReadTheBinaryLogAndNothingElse() {
        String sql = Accounts.initFile(ServerBinary.Kind.MARIADB, SUITE, READER, REPLICATION);

        assertThat(sql.lines().filter(line -> line.contains("'ddb_repl'"))).containsExactly(
                "CREATE USER IF NOT EXISTS 'ddb_repl'@'%' IDENTIFIED BY 'repl_password';",
                "GRANT REPLICATION SLAVE ON *.* TO 'ddb_repl'@'%';",
                "CREATE USER IF NOT EXISTS 'ddb_repl'@'localhost' IDENTIFIED BY 'repl_password';",
                "GRANT REPLICATION SLAVE ON *.* TO 'ddb_repl'@'localhost';");
    }

    @Test
    void quotesInThePasswordCannotEndTheLiteral() {
        String sql = Accounts.initFile(ServerBinary.Kind.MARIADB, new DbCredentials("app", "it's\\x"), READER, REPLICATION);

        assertThat(sql).contains("IDENTIFIED BY 'it''s\\\\x';");
    }
}
