package dev.ddb.mysql.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DbCredentialsTest {

    @Test
    void defaultsToTheSuitesApplicationUser() {
        assertThat(DbCredentials.fromEnvironment(name -> null)).isEqualTo(new DbCredentials("ddb_user", "ddb_password"));
    }

    @Test
    void environmentVariablesOverrideTheDefaults() {
        Map<String, String> environment = Map.of("DDB_DB_USER", "app", "DDB_DB_PASSWORD", "s3cret");

        assertThat(DbCredentials.fromEnvironment(environment::get)).isEqualTo(new DbCredentials("app", "s3cret"));
    }

    @Test
    void theReaderIsAnAccountOfItsOwn() {
        assertThat(DbCredentials.readerFromEnvironment(name -> null))
                .isEqualTo(new DbCredentials("ddb_reader", "ddb_reader_password"));
        Map<String, String> environment = Map.of("DDB_DB_READ_USER", "reads", "DDB_DB_READ_PASSWORD", "r3ad");
        assertThat(DbCredentials.readerFromEnvironment(environment::get)).isEqualTo(new DbCredentials("reads", "r3ad"));
    }

    @Test
    void toStringHidesThePassword() {
        assertThat(new DbCredentials("app", "s3cret").toString()).contains("app").doesNotContain("s3cret");
    }
}
