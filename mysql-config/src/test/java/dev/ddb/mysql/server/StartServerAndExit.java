package dev.ddb.mysql.server;

import dev.ddb.mysql.cluster.DbCredentials;
import java.nio.file.Path;
import java.time.Duration;

/** Run in a child JVM: starts one server, then the JVM ends, as the launcher's `up` does. */
public final class StartServerAndExit {

    private StartServerAndExit() {
    }

    public static void main(String[] args) {
        ServerLayout layout = new ServerLayout(args[0], Integer.parseInt(args[1]), Path.of(args[2]));
        new LocalServer(layout, ServerBinary.locate(), new DbCredentials(args[3], args[4])).start(Duration.ofSeconds(60));
    }
}
