package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerBinaryTest {

    @TempDir
    Path dir;

    @Test
    void locateNamesTheMissingFileWhenDdbMysqldPointsNowhere() {
        Path missing = dir.resolve("no-such-mysqld");
        Map<String, String> environment = Map.of("DDB_MYSQLD", missing.toString());

        assertThatIllegalStateException()
                .isThrownBy(() -> ServerBinary.locate(environment::get))
                .withMessageContaining("DDB_MYSQLD")
                .withMessageContaining(missing.toString())
                .withMessageContaining("does not exist");
    }

    @Test
    void locateRefusesAFileThatIsNotExecutable() throws IOException {
        Path notExecutable = Files.writeString(dir.resolve("mysqld"), "text");

        assertThatIllegalStateException()
                .isThrownBy(() -> ServerBinary.locate(Map.of("DDB_MYSQLD", notExecutable.toString())::get))
                .withMessageContaining("not executable");
    }

    @Test
    void ddbMysqldTakesPrecedenceOverThePath() throws IOException {
        Path fake = FakeServerExecutable.answering(dir, "/opt/mysql/bin/mysqld  Ver 8.4.3 for Linux on x86_64 (MySQL Community Server - GPL)");

        ServerBinary binary = ServerBinary.locate(Map.of("DDB_MYSQLD", fake.toString(), "PATH", "/usr/sbin:/usr/bin")::get);

        assertThat(binary.executable()).isEqualTo(fake);
    }

    @Test
    void recognisesMysqlFromItsVersionLine() throws IOException {
        Path fake = FakeServerExecutable.answering(dir, "/usr/sbin/mysqld  Ver 8.4.3 for Linux on x86_64 (MySQL Community Server - GPL)");

        ServerBinary binary = ServerBinary.at(fake);

        assertThat(binary.kind()).isEqualTo(ServerBinary.Kind.MYSQL);
        assertThat(binary.version()).isEqualTo("8.4.3");
        assertThat(binary.describe()).isEqualTo("MySQL 8.4.3 (" + fake + ")");
    }

    @Test
    void recognisesMariadbFromItsVersionLine() throws IOException {
        Path fake = FakeServerExecutable.answering(dir, "mariadbd  Ver 10.11.13-MariaDB-0+deb12u1 for debian-linux-gnu on x86_64 (Debian 12)");

        ServerBinary binary = ServerBinary.at(fake);

        assertThat(binary.kind()).isEqualTo(ServerBinary.Kind.MARIADB);
        assertThat(binary.describe()).isEqualTo("MariaDB 10.11.13 (" + fake + ")");
    }

    @Test
    void mysqlInitialisesItsDataDirectoryItselfWithoutRootPassword() throws IOException {
        ServerBinary mysql = ServerBinary.at(FakeServerExecutable.answering(dir, "mysqld  Ver 8.4.3 for Linux"));
        ServerLayout layout = new ServerLayout("instance-1", 3307, dir.resolve("instance-1"));

        assertThat(mysql.initialiseCommand(layout)).containsExactly(
                mysql.executable().toString(), "--defaults-file=" + layout.configFile(), "--initialize-insecure");
    }

    @Test
    void rejectsAnExecutableThatIsNoServer() throws IOException {
        Path fake = FakeServerExecutable.answering(dir, "hello");

        assertThatIllegalStateException()
                .isThrownBy(() -> ServerBinary.at(fake))
                .withMessageContaining("no server version");
    }
}
