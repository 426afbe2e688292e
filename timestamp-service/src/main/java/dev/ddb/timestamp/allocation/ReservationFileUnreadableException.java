package dev.ddb.timestamp.allocation;

import java.nio.file.Path;

/**
 * The reservation file exists but cannot be trusted. Starting from zero instead would reissue timestamps,
 * so the server refuses to start until an operator looks at the file.
 */
public class ReservationFileUnreadableException extends RuntimeException {

    private final transient Path path;

    public ReservationFileUnreadableException(Path path, String problem, Throwable cause) {
        super("reservation file " + path + " " + problem, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
