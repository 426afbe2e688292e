package dev.ddb.mysql.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** A shell script that answers --version like a given server, to test what depends only on that answer. */
final class FakeServerExecutable {

    private FakeServerExecutable() {
    }

    static Path answering(Path directory, String versionLine) throws IOException {
        Path script = directory.resolve("mysqld");
        Files.writeString(script, "#!/bin/sh\necho '" + versionLine + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
