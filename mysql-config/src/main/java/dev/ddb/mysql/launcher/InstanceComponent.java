package dev.ddb.mysql.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;

import dev.ddb.mysql.server.LocalServer;

/** A database instance, run through the provisioner so its whole state lives in its own folder. */
final class InstanceComponent implements Component {

    private final LocalServer server;

    InstanceComponent(LocalServer server) {
        this.server = server;
    }

    @Override
    public String name() {
        return server.layout().name();
    }

    @Override
    public String kind() {
        return "database";
    }

    @Override
    public int port() {
        return server.layout().port();
    }

    @Override
    public void start(Duration timeout) {
        server.start(timeout);
    }

    @Override
    public void stop(Duration timeout) {
        server.stop(timeout);
    }

    @Override
    public void kill() {
        server.kill();
    }

    @Override
    public boolean isRunning() {
        return server.isRunning();
    }

    @Override
    public OptionalLong pid() {
        return server.pid();
    }

    @Override
    public String health() {
        if (!server.isRunning()) {
            return "stopped";
        }
        return Ports.isListening(port()) ? "healthy" : "starting";
    }

    @Override
    public Path logFile() {
        return server.layout().errorLog();
    }
}
