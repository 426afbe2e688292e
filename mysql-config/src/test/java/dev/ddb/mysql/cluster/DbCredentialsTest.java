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
    void toStringHidesThePassword() {
        assertThat(new DbCredentials("app", "s3cret").toString()).contains("app").doesNotContain("s3cret");
    }
}
