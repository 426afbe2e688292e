package dev.ddb.stress.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the command against a small in-process server that answers {@code POST /query} in the coordinator's JSON
 * shapes. The direct target against a real server, and the whole command against a real suite, are run by
 * {@code LocalSuiteTest}.
 */
class WriteBenchmarkTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String OK_WRITE = "{\"success\":true,\"message\":\"Write successful\",\"timestamp\":7}";

    /** The coordinator's answer to one request: status and body. */
    private record Reply(int status, String body) {
    }

    @FunctionalInterface
    private interface Coordinator {
        Reply answer(JsonNode request);
    }

    @TempDir
    Path dir;

    private HttpServer server;
    private ExecutorService serverThreads;
    private final List<JsonNode> ddl = new CopyOnWriteArrayList<>();
    private final List<JsonNode> inserts = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private String serve(Coordinator coordinator) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serverThreads = Executors.newCachedThreadPool();
        server.setExecutor(serverThreads);
        server.createContext("/query", exchange -> {
            JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
            (request.path("query").asString().startsWith("CREATE") ? ddl : inserts).add(request);
            reply(exchange, coordinator.answer(request));
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new StressMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void coordinatorTargetsAreMeasuredAtEveryClientCountWithUniqueBoundKeysAndWrittenAsJson() throws IOException {
        String url = serve(request -> new Reply(200, OK_WRITE));
        Path report = dir.resolve("figures/bench.json");

        int exitCode = run("bench-writes", "--coordinator", url, "--targets", "strong,eventual", "--clients", "1,3",
                "--warmup", "0s", "--duration", "1s", "--json", report.toString());

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(ddl).singleElement().satisfies(request -> {
            assertThat(request.path("query").asString()).isEqualTo(BenchRows.CREATE_TABLE);
            assertThat(request.path("consistency").asString()).isEqualTo("STRONG");
        });
        assertThat(inserts).allSatisfy(request -> {
            assertThat(request.path("query").asString()).isEqualTo("INSERT INTO bench_rows (k, v) VALUES (?, ?)");
            assertThat(request.path("params")).hasSize(2);
        });
        List<String> keys = inserts.stream().map(request -> request.path("params").get(0).asString()).toList();
        assertThat(Set.copyOf(keys)).hasSameSizeAs(keys);
        assertThat(keys).allSatisfy(key -> assertThat(key).hasSizeLessThanOrEqualTo(64));
        assertThat(inserts.stream().map(request -> request.path("consistency").asString()).distinct())
                .containsExactlyInAnyOrder("STRONG", "EVENTUAL");
        assertThat(out.toString())
                .contains("strong   = " + url + "/query with consistency STRONG")
                .containsPattern("(?m)^strong\\s+1\\s+[\\d,]+\\s+[\\d,]+\\s+[\\d.]+\\s+[\\d.]+\\s+[\\d.]+\\s+0\\s+-$")
                .containsPattern("(?m)^strong\\s+3\\s")
                .containsPattern("(?m)^eventual\\s+1\\s")
                .containsPattern("(?m)^eventual\\s+3\\s")
                .doesNotContain("relative to");

        JsonNode figures = JSON.readTree(Files.readString(report));
        assertThat(figures.path("duration_ms").asLong()).isEqualTo(1000);
        assertThat(figures.path("results")).hasSize(4);
        assertThat(figures.path("results").get(0).path("target").asString()).isEqualTo("strong");
        assertThat(figures.path("results").get(0).path("writes_per_second").asDouble()).isPositive();
        assertThat(figures.path("results").get(0).path("p99_ms").isNumber()).isTrue();
        assertThat(figures.path("ratios")).isEmpty();
    }

    @Test
    void aTargetAnsweringOnlyErrorsShowsThemByKindWithTheMessageAndFailsTheRun() throws IOException {
        String url = serve(request -> request.path("query").asString().startsWith("CREATE")
                ? new Reply(200, OK_WRITE)
                : new Reply(503, "{\"success\":false,\"error\":\"QUORUM_NOT_REACHED\","
                        + "\"message\":\"only instance-2 acknowledged\",\"acknowledged_by\":[\"instance-2\"]}"));

        int exitCode = run("bench-writes", "--coordinator", url, "--targets", "strong", "--clients", "2",
                "--warmup", "0s", "--duration", "200ms");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("(?m)^strong\\s+2\\s+0\\s+0\\s+-\\s+-\\s+-\\s+[\\d,]+\\s+503 QUORUM_NOT_REACHED: [\\d,]+$")
                .contains("strong with 2 clients, 503 QUORUM_NOT_REACHED: only instance-2 acknowledged");
    }

    @Test
    void aCoordinatorRefusingTheTableStopsTheRunBeforeAnyInsert() throws IOException {
        String url = serve(request -> new Reply(400,
                "{\"success\":false,\"error\":\"SYNTAX_ERROR\",\"message\":\"cannot parse\"}"));

        int exitCode = run("bench-writes", "--coordinator", url, "--targets", "strong", "--warmup", "0s",
                "--duration", "200ms");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("the coordinator did not create bench_rows: 400 SYNTAX_ERROR: cannot parse");
        assertThat(inserts).isEmpty();
    }

    @Test
    void anUnreachableCoordinatorIsNamedWithAHint() {
        int exitCode = run("bench-writes", "--coordinator", "http://127.0.0.1:1", "--targets", "eventual");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("cannot reach the coordinator at http://127.0.0.1:1 (", "./ddb up");
    }

    @Test
    void anUnreachableDirectServerIsNamed() {
        int exitCode = run("bench-writes", "--targets", "direct", "--direct-jdbc-url", "jdbc:mysql://127.0.0.1:1/ddb");

        assertThat(exitCode).isEqualTo(1);
        assertThat(err.toString()).contains("cannot create bench_rows on jdbc:mysql://127.0.0.1:1/ddb");
    }

    @Test
    void theLiteralTargetWritesEachRowsValuesIntoItsStatementAndTheSysbenchRowIsTwoHundredBytes() throws IOException {
        String url = serve(request -> new Reply(200, OK_WRITE));

        int exitCode = run("bench-writes", "--coordinator", url, "--targets", "strong-literal", "--row", "sysbench",
                "--clients", "2", "--warmup", "0s", "--duration", "1s");

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(ddl).singleElement().satisfies(request ->
                assertThat(request.path("query").asString()).startsWith("CREATE TABLE IF NOT EXISTS bench_sysbench_rows"));
        assertThat(inserts).isNotEmpty().allSatisfy(request -> {
            assertThat(request.path("query").asString()).matches("INSERT INTO bench_sysbench_rows \\(k, v, c, pad\\)"
                    + " VALUES \\('[0-9a-f]{8}-strong-literal-c2-[01]-\\d+', [01], '(\\d{11}-){10}\\d{11}',"
                    + " '(\\d{11}-){4}\\d{11}'\\)");
            assertThat(request.path("params").size()).isZero();
            assertThat(request.path("consistency").asString()).isEqualTo("STRONG");
        });
        assertThat(out.toString()).contains("with consistency STRONG, the values as literals in the statement")
                .containsPattern("(?m)^strong-literal\\s+2\\s");
    }

    @Test
    void invalidOptionsAreRefusedBeforeAnyRequest() {
        assertThat(run("bench-writes", "--clients", "1,0")).isEqualTo(2);
        assertThat(run("bench-writes", "--clients", "4,4")).isEqualTo(2);
        assertThat(run("bench-writes", "--targets", "strong,quorum")).isEqualTo(2);
        assertThat(run("bench-writes", "--duration", "0s")).isEqualTo(2);
        assertThat(run("bench-writes", "--direct-jdbc-url", "127.0.0.1:3320")).isEqualTo(2);
        assertThat(run("bench-writes", "--row", "wide")).isEqualTo(2);

        assertThat(err.toString())
                .contains("--clients values must be between 1 and 1024, got 0")
                .contains("--clients lists a value twice: [4, 4]")
                .contains("'quorum' is not a target; use strong, eventual, strong-literal, eventual-literal, direct")
                .contains("'wide' is not a row shape; use small or sysbench")
                .contains("--duration must be positive")
                .contains("--direct-jdbc-url must be a JDBC URL");
    }

    @Test
    void targetNamesAreReadInAnyCase() throws IOException {
        String url = serve(request -> new Reply(200, OK_WRITE));

        int exitCode = run("bench-writes", "--coordinator", url, "--targets", "EVENTUAL", "--clients", "1",
                "--warmup", "0s", "--duration", "1s");

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(out.toString()).containsPattern("(?m)^eventual\\s+1\\s");
    }

    @Test
    void helpExplainsWorkloadTargetsOptionsExitCodesAndEnvironment() {
        assertThat(run("bench-writes", "--help")).isZero();

        assertThat(out.toString()).contains("--coordinator", "--clients", "--warmup", "--duration", "--targets",
                "--direct-jdbc-url", "--json", "DDB_COORDINATOR_URL", "DDB_DB_USER", "DDB_MYSQLD", "Exit codes",
                "INSERT INTO bench_rows (k, v) VALUES (?, ?)", "closed loop", "server.cnf", "default: 1,16,64");
    }
}
