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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Runs the command against a small in-process server that answers in the timestamp service's JSON shape. */
class TimestampBenchmarkTest {

    private HttpServer server;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves GET /timestamp; {@code nextFirst} receives the count asked for and returns the first value. */
    private String serve(LongFunction<Long> nextFirst) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/timestamp", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            long count = query == null ? 1 : Long.parseLong(query.substring(query.indexOf('=') + 1));
            long first = nextFirst.apply(count);
            String body = query == null
                    ? "{\"timestamp\":" + first + ",\"server_id\":\"fake\"}"
                    : "{\"timestamp\":" + first + ",\"server_id\":\"fake\",\"first\":" + first + ",\"last\":"
                            + (first + 2 * (count - 1)) + ",\"count\":" + count + "}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream stream = exchange.getResponseBody()) {
                stream.write(bytes);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new StressMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void measuresSingleValuesAndBlocksAndExitsZeroWhenEveryAnswerIncreases() throws IOException {
        AtomicLong next = new AtomicLong(1);
        String url = serve(count -> next.getAndAdd(2 * count));

        int exitCode = run("bench-timestamps", "--url", url, "--threads", "2", "--warmup", "0s",
                "--duration", "1s", "--block-size", "10");

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(out.toString())
                .contains("timestamps/s", "p99 ms")
                .containsPattern("(?m)^single\\s+[\\d,]+\\s+[\\d,]+ .* 0\\s+0$")
                .containsPattern("(?m)^count=10\\s+[\\d,]+\\s+[\\d,]+ .* 0\\s+0$");
    }

    @Test
    void serverRepeatingAValueIsReportedAndFailsTheRun() throws IOException {
        String url = serve(count -> 7L);

        int exitCode = run("bench-timestamps", "--url", url, "--threads", "1", "--warmup", "0s",
                "--duration", "1s");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).containsPattern("(?m)^single\\s.* 0\\s+[1-9][\\d]*$");
    }

    @Test
    void unreachableServerIsCountedAsErrorsWithTheFirstOneShown() {
        int exitCode = run("bench-timestamps", "--url", "http://127.0.0.1:1", "--threads", "1", "--warmup", "0s",
                "--duration", "200ms");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).contains("first error: http://127.0.0.1:1/timestamp");
    }

    @Test
    void blockSizeAboveTheServiceLimitIsRejectedBeforeAnyRequest() {
        int exitCode = run("bench-timestamps", "--block-size", "10001");

        assertThat(exitCode).isEqualTo(2);
        assertThat(err.toString()).contains("--block-size must be between 1 and 10000, got 10001");
    }

    @Test
    void helpNamesEveryOption() {
        assertThat(run("bench-timestamps", "--help")).isZero();
        assertThat(out.toString()).contains("--url", "--threads", "--duration", "--warmup", "--block-size",
                "DDB_TIMESTAMP_URLS");
    }
}
