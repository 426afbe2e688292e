package dev.ddb.mysql.server;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where one local server keeps everything it owns: my.cnf, data/, mysqld.pid, error.log and its
 * socket. Every path derives from the layout alone, so any process that knows the layout finds the
 * server again.
 */
public record ServerLayout(String name, int port, Path baseDir) {

    /** A unix socket path has room for 107 bytes; beyond this the socket moves to java.io.tmpdir. */
    private static final int LONGEST_SOCKET_PATH = 100;

    public ServerLayout {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseDir, "baseDir");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a server needs a name");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("server " + name + " has port " + port + ", outside 1-65535");
        }
        baseDir = baseDir.toAbsolutePath().normalize();
    }

    public Path dataDir() {
        return baseDir.resolve("data");
    }

    public Path configFile() {
        return baseDir.resolve("my.cnf");
    }

    /**
     * The server's own temporary files (internal temporary tables, sort files), not the machine's shared /tmp: a
     * temporary table MariaDB 10.11 failed to create there, with other servers and builds sharing it, crashed it.
     */
    public Path tmpDir() {
        return baseDir.resolve("tmp");
    }

    public Path pidFile() {
        return baseDir.resolve("mysqld.pid");
    }

    public Path errorLog() {
        return baseDir.resolve("error.log");
    }

    public Path socket() {
        Path socket = baseDir.resolve("mysqld.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length <= LONGEST_SOCKET_PATH) {
            return socket;
        }
        String unique = Integer.toHexString(baseDir.toString().hashCode());
        return Path.of(System.getProperty("java.io.tmpdir")).resolve("ddb-" + name + "-" + unique + ".sock");
    }

    /** The server's own stdout and stderr, which hold what it says before its error log is open. */
    Path consoleLog() {
        return baseDir.resolve("console.log");
    }

    /** Output of the data directory initialisation. */
    Path installLog() {
        return baseDir.resolve("install.log");
    }

    /**
     * The only directory the server may read or write files in ({@code secure_file_priv}), kept empty:
     * MariaDB has no value that turns file access off, MySQL's NULL has no MariaDB equivalent, and
     * an empty directory nobody can write to (no account but root holds FILE) means the same on both.
     */
    public Path noFilesDir() {
        return baseDir.resolve("no-files");
    }

    /** SQL every start runs to create or update the accounts; deleted once that start succeeded. */
    Path initFile() {
        return baseDir.resolve("init.sql");
    }

    /** Present once the data directory is initialised and the suite's account can log in. */
    Path provisionedMarker() {
        return baseDir.resolve("provisioned");
    }
}
