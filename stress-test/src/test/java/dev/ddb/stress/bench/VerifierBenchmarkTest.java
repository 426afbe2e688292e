package dev.ddb.stress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.StressMain;
import dev.ddb.stress.client.FakeJsonServer;
import dev.ddb.stress.client.FakeJsonServer.Received;
import dev.ddb.stress.client.FakeJsonServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command against a small in-process server standing in for the coordinator: {@code POST /query} and
 * {@code GET|POST /admin/verify/background}. The cost itself is measured by hand against a real suite (README).
 */
class VerifierBenchmarkTest {

    private static final String OK_WRITE = "{\"success\":true,\"message\":\"Write successful\",\"timestamp\":7}";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicBoolean verifierEnabled = new AtomicBoolean(true);
    private final AtomicLong chunksChecked = new AtomicLong();
    private final List<Boolean> switches = new CopyOnWriteArrayList<>();
    private final List<Integer> filledRows = new CopyOnWriteArrayList<>();
    private FakeJsonServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** A coordinator whose bench_rows holds {@code rows} rows and whose single-row INSERTs get {@code insertReply}. */
    private String serve(long rows, Reply insertReply) throws IOException {
        server = FakeJsonServer.start(request -> {
            if (request.path().equals("/admin/verify/background")) {
                if (request.method().equals("POST")) {
                    switches.add(request.body().path("enabled").asBoolean());
                    verifierEnabled.set(request.body().path("enabled").asBoolean());
                }
                long chunks = verifierEnabled.get() ? chunksChecked.incrementAndGet() : chunksChecked.get();
                return Reply.of(200, "{\"enabled\":" + verifierEnabled.get() + ",\"pace_ms\":100,\"chunk_rows\":1000,"
                        + "\"chunks_checked\":" + chunks + ",\"passes_completed\":0}");
            }
            String sql = request.body().path("query").asString();
            if (sql.startsWith("SELECT COUNT(*)")) {
                return Reply.of(200, "{\"success\":true,\"data\":[{\"n\":" + rows + "}],\"row_count\":1}");
            }
            if (sql.startsWith("INSERT") && request.body().path("params").size() > 2) {
                filledRows.add(request.body().path("params").size() / 2);
                return Reply.of(200, OK_WRITE);
            }
            return sql.startsWith("CREATE") ? Reply.of(200, OK_WRITE) : insertReply;
        });
        return server.uri().toString();
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new StressMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void windowsAlternatePausedAndRunningAfterTheTableIsFilledAndTheVerifierIsPutBack() throws IOException {
        String url = serve(300, Reply.of(200, OK_WRITE));

        int exitCode = run("bench-verify", "--coordinator", url, "--clients", "2", "--rounds", "2", "--warmup", "0s",
                "--duration", "300ms", "--min-rows", "1300");

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(switches).containsExactly(false, true, false, true, true);
        assertThat(filledRows).containsExactly(500, 500);
        assertThat(out.toString())
                .contains("bench_rows: 1,300 rows (1,000 inserted first)")
                .contains("verifier:   a chunk of about 1,000 rows every 100 ms; running when the run started")
                .containsPattern("(?m)^\\s+2\\s+1\\s+off\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+0\\s+0\\s+-$")
                .containsPattern("(?m)^\\s+2\\s+1\\s+on\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+1\\s+0\\s+-$")
                .containsPattern("(?m)^\\s+2\\s+2\\s+off\\s")
                .containsPattern("(?m)^\\s+2\\s+2\\s+on\\s")
                .containsPattern("(?m)^\\s+2\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d.]+x [\\d.]+x\\s+[\\d.]+x$")
                .doesNotContain("checked no chunk");
        List<String> keys = server.received().stream().map(Received::body)
                .filter(body -> body != null && body.path("params").size() == 2)
                .map(body -> body.path("params").get(0).asString()).toList();
        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(key).matches("[0-9a-f]{8}-o(n|ff)[12]-c2-\\d+-\\d+"));
    }

    @Test
    void aTableHoldingEnoughRowsIsNotFilledAndAPausedVerifierStaysPaused() throws IOException {
        verifierEnabled.set(false);
        String url = serve(25_000, Reply.of(200, OK_WRITE));

        int exitCode = run("bench-verify", "--coordinator", url, "--clients", "1", "--rounds", "2", "--warmup", "0s",
                "--duration", "100ms");

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(filledRows).isEmpty();
        assertThat(switches).containsExactly(false, true, false, true, false);
        assertThat(out.toString()).contains("bench_rows: 25,000 rows\n", "paused when the run started");
    }

    @Test
    void windowsWithoutAnyWriteFailTheRunAndTheVerifierIsStillPutBack() throws IOException {
        String url = serve(25_000, Reply.of(503, "{\"success\":false,\"error\":\"QUORUM_NOT_REACHED\","
                + "\"message\":\"only instance-2 acknowledged\"}"));

        int exitCode = run("bench-verify", "--coordinator", url, "--clients", "1", "--rounds", "2", "--warmup", "0s",
                "--duration", "100ms");

        assertThat(exitCode).isEqualTo(1);
        assertThat(switches).last().isEqualTo(true);
        assertThat(out.toString()).contains("503 QUORUM_NOT_REACHED: only instance-2 acknowledged");
    }

    @Test
    void aCoordinatorWithoutTheVerifierEndpointStopsTheRunBeforeAnyWrite() throws IOException {
        server = FakeJsonServer.start(Reply.of(404, "{\"success\":false,\"error\":\"NOT_FOUND\",\"message\":\"No"
                + " endpoint\"}"));

        int exitCode = run("bench-verify", "--coordinator", server.uri().toString());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("the coordinator did not show its background verifier"
                + " (GET /admin/verify/background): 404 NOT_FOUND: No endpoint");
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void anUnreachableCoordinatorIsNamedWithAHint() throws IOException {
        int exitCode = run("bench-verify", "--coordinator", "http://127.0.0.1:" + FakeJsonServer.closedPort());

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the coordinator at http://127.0.0.1:", "./ddb up");
    }

    @Test
    void invalidOptionsAreRefusedBeforeAnyRequest() {
        assertThat(run("bench-verify", "--rounds", "1")).isEqualTo(2);
        assertThat(run("bench-verify", "--clients", "16,16")).isEqualTo(2);
        assertThat(run("bench-verify", "--duration", "0s")).isEqualTo(2);
        assertThat(run("bench-verify", "--min-rows", "-1")).isEqualTo(2);

        assertThat(err.toString())
                .contains("--rounds must be at least 2")
                .contains("--clients lists a value twice: [16, 16]")
                .contains("--duration must be positive")
                .contains("--min-rows must not be negative");
    }

    @Test
    void helpExplainsWorkloadRoundsOptionsExitCodesAndEnvironment() {
        assertThat(run("bench-verify", "--help")).isZero();

        assertThat(out.toString()).contains("--coordinator", "--clients", "--rounds", "--warmup", "--duration",
                "--min-rows", "DDB_COORDINATOR_URL", "Exit codes", "POST /admin/verify/background", "median",
                "bench_rows", "STRONG", "default: 16,64", "default: 20000");
    }
}
