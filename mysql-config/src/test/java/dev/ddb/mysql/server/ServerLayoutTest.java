package dev.ddb.mysql.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ServerLayoutTest {

    @Test
    void everyFileLivesUnderTheBaseDirectory() {
        ServerLayout layout = new ServerLayout("instance-1", 3307, Path.of("/var/lib/ddb/instance-1"));

        assertThat(layout.dataDir()).isEqualTo(Path.of("/var/lib/ddb/instance-1/data"));
        assertThat(layout.configFile()).isEqualTo(Path.of("/var/lib/ddb/instance-1/my.cnf"));
        assertThat(layout.pidFile()).isEqualTo(Path.of("/var/lib/ddb/instance-1/mysqld.pid"));
        assertThat(layout.errorLog()).isEqualTo(Path.of("/var/lib/ddb/instance-1/error.log"));
        assertThat(layout.socket()).isEqualTo(Path.of("/var/lib/ddb/instance-1/mysqld.sock"));
    }

    @Test
    void aSocketPathTooLongForUnixSocketsMovesToTheTempDirectory() {
        Path deep = Path.of("/home/someone/" + "very-long-directory-name/".repeat(5) + "instance-1");
        ServerLayout layout = new ServerLayout("instance-1", 3307, deep);

        assertThat(layout.socket().toString()).hasSizeLessThanOrEqualTo(100);
        assertThat(layout.socket()).hasParentRaw(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(layout.socket()).isEqualTo(new ServerLayout("instance-1", 3307, deep).socket());
        assertThat(layout.socket()).isNotEqualTo(new ServerLayout("instance-1", 3307, deep.resolveSibling("other")).socket());
    }

    @Test
    void aRelativeBaseDirectoryIsMadeAbsolute() {
        assertThat(new ServerLayout("instance-1", 3307, Path.of("run/instance-1")).baseDir()).isAbsolute();
    }
}
