package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ddb.mysql.cluster.ReplicationMode;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceConfigTest {

    @TempDir
    Path dir;

    @Test
    void instanceLinesComeBeforeTheSharedTuning() throws IOException {
        ServerBinary mariadb = ServerBinary.at(FakeServerExecutable.answering(dir, "mariadbd  Ver 10.11.13-MariaDB"));
        ServerLayout layout = new ServerLayout("instance-2", 3308, dir.resolve("instance-2"));

        String cnf = InstanceConfig.render(layout, mariadb, false);

        assertThat(cnf).contains("port = 3308", "bind-address = 127.0.0.1", "datadir = " + layout.dataDir(),
                "socket = " + layout.socket(), "pid-file = " + layout.pidFile(), "log-error = " + layout.errorLog(),
                "tmpdir = " + layout.tmpDir(),
                "server-id = 3308", "secure-file-priv = " + layout.noFilesDir());
        assertThat(cnf).endsWith(InstanceConfig.sharedTuning());
        assertThat(cnf).doesNotContain("user = root", "mysqlx");
    }

    @Test
    void theBinlogModeTurnsTheBinaryLogBackOnAfterTheSharedTuning() throws IOException {
        ServerBinary mariadb = ServerBinary.at(FakeServerExecutable.answering(dir, "mariadbd  Ver 10.11.13-MariaDB"));
        ServerLayout layout = new ServerLayout("instance-3", 3309, dir.resolve("instance-3"));

        String cnf = InstanceConfig.render(layout, mariadb, false, ReplicationMode.BINLOG);

        String binlog = cnf.substring(cnf.indexOf(InstanceConfig.sharedTuning()) + InstanceConfig.sharedTuning().length());
        assertThat(binlog).contains("log-bin = instance-3-bin", "binlog_format = ROW", "log_slave_updates = ON",
                "sync_binlog = 1", "gtid_strict_mode = ON", "relay_log_recovery = ON", "skip-slave-start = ON");
        assertThat(InstanceConfig.render(layout, mariadb, false, ReplicationMode.TIMESTAMP_LOG)).doesNotContain("log-bin =");
    }

    @Test
    void theBinlogModeNeedsMariaDb() throws IOException {
        ServerBinary mysql = ServerBinary.at(FakeServerExecutable.answering(dir, "mysqld  Ver 8.4.3 for Linux"));

        assertThatThrownBy(() -> InstanceConfig.render(new ServerLayout("instance-1", 3307, dir), mysql, false,
                ReplicationMode.BINLOG)).isInstanceOf(IllegalStateException.class).hasMessageContaining("MariaDB");
    }

    @Test
    void runsAsRootOnlyWhenTheLauncherIsRoot() throws IOException {
        ServerBinary mariadb = ServerBinary.at(FakeServerExecutable.answering(dir, "mariadbd  Ver 10.11.13-MariaDB"));
        ServerLayout layout = new ServerLayout("instance-1", 3307, dir);

        assertThat(InstanceConfig.render(layout, mariadb, true)).contains("\nuser = root\n");
    }

    @Test
    void mysqlInstancesTurnTheXProtocolOffSoTheyDoNotShareItsPort() throws IOException {
        ServerBinary mysql = ServerBinary.at(FakeServerExecutable.answering(dir, "mysqld  Ver 8.4.3 for Linux"));

        assertThat(InstanceConfig.render(new ServerLayout("instance-1", 3307, dir), mysql, false)).contains("mysqlx = OFF");
    }

    @Test
    void sharedTuningIsDurableSmallAndWithoutBinaryLog() {
        assertThat(InstanceConfig.sharedTuning())
                .startsWith("#")
                .contains("[mysqld]", "innodb_flush_log_at_trx_commit = 1", "innodb_buffer_pool_size = 32M",
                        "skip-log-bin", "performance_schema = OFF", "character-set-server = utf8mb4",
                        "default-time-zone = '+00:00'", "skip-name-resolve")
                .doesNotContain("ANSI_QUOTES =", "sql_mode =", "sql-mode =");
    }
}
