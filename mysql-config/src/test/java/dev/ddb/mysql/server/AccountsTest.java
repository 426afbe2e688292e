package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import org.junit.jupiter.api.Test;

class AccountsTest {

    private static final DbCredentials READER = new DbCredentials("ddb_reader", "reader_password");

    @Test
    void theSuiteAccountGetsEverythingButFilesAndGrantingForRemoteAndLocalHosts() {
        String sql = Accounts.initFile(new DbCredentials("ddb_user", "ddb_password"), READER);

        assertThat(sql.lines()).startsWith(
                "SET SESSION sql_log_bin = 0;",
                "CREATE USER IF NOT EXISTS 'ddb_user'@'%' IDENTIFIED BY 'ddb_password';",
                "GRANT ALL PRIVILEGES ON *.* TO 'ddb_user'@'%';",
                "REVOKE FILE ON *.* FROM 'ddb_user'@'%';",
                "CREATE USER IF NOT EXISTS 'ddb_user'@'localhost' IDENTIFIED BY 'ddb_password';",
                "GRANT ALL PRIVILEGES ON *.* TO 'ddb_user'@'localhost';",
                "REVOKE FILE ON *.* FROM 'ddb_user'@'localhost';");
        assertThat(sql).doesNotContain("GRANT OPTION");
    }

    @Test
    void theReaderMaySelectFromEveryDatabaseButTheSuitesAndTheServers() {
        String sql = Accounts.initFile(new DbCredentials("ddb_user", "ddb_password"), READER);

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
    void quotesInThePasswordCannotEndTheLiteral() {
        String sql = Accounts.initFile(new DbCredentials("app", "it's\\x"), READER);

        assertThat(sql).contains("IDENTIFIED BY 'it''s\\\\x';");
    }
}
