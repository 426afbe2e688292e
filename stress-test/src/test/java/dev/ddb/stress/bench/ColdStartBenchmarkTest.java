package dev.ddb.stress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.ddb.stress.StressMain;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Runs the command with a launcher script that only notes what it was asked, against an in-process coordinator. */
class ColdStartBenchmarkTest {

    @TempDir
    Path dir;

    private HttpServer coordinator;
    private final AtomicLong queries = new AtomicLong();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stopCoordinator() {
        if (coordinator != null) {
            coordinator.stop(0);
        }
    }

    @Test
    void eachRoundRestartsTheSuiteThenMeasuresTheColdAndTheSteadyWindow() throws Exception {
        Path calls = dir.resolve("calls");
        Path launcher = dir.resolve("ddb");
        Files.writeString(launcher, "#!/bin/sh\necho \"$@\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        int exit = run("bench-cold", "--launcher", launcher.toString(), "--coordinator", serveQueries(),
                "--clients", "2", "--window", "1s", "--pause", "0s", "--rounds", "2");

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(Files.readAllLines(calls)).containsExactly("down", "up", "down", "up");
        assertThat(out.toString()).contains("cold/steady")
                .containsPattern("(?m)^\\s+1\\s+\\d+\\.\\d\\s+[\\d,]+\\s+\\d+\\.\\d\\s+[\\d,]+\\s+\\d+\\.\\d\\s+\\d\\.\\d\\d\\s+-$")
                .containsPattern("(?m)^\\s+2\\s");
        assertThat(queries.get()).isGreaterThan(4);
    }

    @Test
    void aLauncherThatFailsEndsTheRunWithItsOutput() throws Exception {
        Path launcher = dir.resolve("ddb");
        Files.writeString(launcher, "#!/bin/sh\necho 'ports already taken'; exit 1\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwx------"));

        int exit = run("bench-cold", "--launcher", launcher.toString(), "--coordinator", serveQueries(),
                "--window", "1s", "--pause", "0s");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("down exited with 1: ports already taken");
    }

    /** Answers every POST /query the way the coordinator answers a successful write. */
    private String serveQueries() throws IOException {
        coordinator = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        coordinator.createContext("/query", exchange -> {
            exchange.getRequestBody().readAllBytes();
            queries.incrementAndGet();
            byte[] body = "{\"success\":true,\"rows_affected\":1}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(body);
            }
        });
        coordinator.start();
        return "http://127.0.0.1:" + coordinator.getAddress().getPort();
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new StressMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
