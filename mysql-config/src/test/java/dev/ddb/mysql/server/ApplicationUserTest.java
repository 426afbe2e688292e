package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import org.junit.jupiter.api.Test;

class ApplicationUserTest {

    @Test
    void createsTheUserForRemoteAndLocalHostsWithoutGrantOption() {
        String sql = ApplicationUser.initFile(new DbCredentials("ddb_user", "ddb_password"));

        assertThat(sql.lines()).containsExactly(
                "CREATE USER IF NOT EXISTS 'ddb_user'@'%' IDENTIFIED BY 'ddb_password';",
                "GRANT ALL PRIVILEGES ON *.* TO 'ddb_user'@'%';",
                "CREATE USER IF NOT EXISTS 'ddb_user'@'localhost' IDENTIFIED BY 'ddb_password';",
                "GRANT ALL PRIVILEGES ON *.* TO 'ddb_user'@'localhost';");
    }

    @Test
    void quotesInThePasswordCannotEndTheLiteral() {
        String sql = ApplicationUser.initFile(new DbCredentials("app", "it's\\x"));

        assertThat(sql).contains("IDENTIFIED BY 'it''s\\\\x';");
    }
}
