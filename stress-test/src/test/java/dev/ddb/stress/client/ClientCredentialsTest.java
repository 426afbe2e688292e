package dev.ddb.stress.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.ddb.auth.SuiteCredentials;

class ClientCredentialsTest {

    @TempDir
    Path runDir;

    @Test
    void cliSendsTheAdminOfTheSuitesCredentialsFile() throws Exception {
        SuiteCredentials suite = SuiteCredentials.loadOrCreate(runDir.resolve("credentials"));

        assertThat(ClientCredentials.find(Map.of("DDB_RUN_DIR", runDir.toString()))).contains(suite.adminAuthorization());
        assertThat(ClientCredentials.file(Map.of("DDB_HOME", "/opt/ddb"))).isEqualTo(Path.of("/opt/ddb/.ddb/credentials"));
    }

    @Test
    void tokenFromTheEnvironmentWinsAndNoFileMeansNoCredentials() {
        assertThat(ClientCredentials.find(Map.of("DDB_RUN_DIR", runDir.toString(), "DDB_TOKEN", "remote-token")))
                .contains("Bearer remote-token");
        assertThat(ClientCredentials.find(Map.of("DDB_RUN_DIR", runDir.toString()))).isEmpty();
    }
}
