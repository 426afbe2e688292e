package dev.ddb.mysql.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

/** One of the processes the launcher manages: a database instance or a Spring Boot service. */
interface Component {

    String name();

    String kind();

    int port();

    /** Starts the process (a no-op when it already runs) and returns once it can serve. */
    void start(Duration timeout) throws Exception;

    /** Asks the process to stop and waits for it; a no-op when it does not run. */
    void stop(Duration timeout) throws Exception;

    /** Ends the process with SIGKILL, the way a crash would. */
    void kill() throws Exception;

    boolean isRunning();

    OptionalLong pid();

    /** A word for the status table: {@code healthy}, {@code starting}, {@code unhealthy} or {@code stopped}. */
    String health();

    Path logFile();
}
