package dev.ddb.stress.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ddb.auth.SuiteCredentials;
import dev.ddb.stress.StressMain;
import dev.ddb.stress.bench.BenchRows;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.load.ClosedLoop;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the real {@code ./ddb} launcher the way the README tells a user to, on shifted ports and
 * its own run directory so it cannot collide with a suite a developer already runs. It lives in
 * stress-test because this module is built after every service jar it starts, and it runs this
 * module's write benchmark against the suite it started, in process, so the benchmark is proven
 * end to end without a second suite. The same suite shows Cabinet adapting: a replica held back by
 * a row lock its applier waits on must drop to the lowest weight while STRONG writes go on without it. And
 * one timestamp service SIGKILLed under a write load must fail no write, and with every replica stopped a
 * STRONG write must be refused before anything changes, then succeed once they are back and caught up.
 * {@code ./ddb stress --scenario all} runs here too, small, master crash included, and must find every
 * invariant holding, with the new master elected by seer-service; and a row written behind the coordinator's back on
 * one replica must fail it naming the invariant.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSuiteTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final int[] DEFAULT_PORTS = {3307, 3308, 3309, 3310, 9000, 9001, 9002, 9003, 9004, 9005};

    @TempDir
    static Path runDir;

    private static final String UPDATE_HELD_ROW = "UPDATE adaptation SET v = v + 1 WHERE id = 1";
    // The coordinator's default quorum timeout: a STRONG write that waited for the held replica would take this long.
    private static final double QUORUM_TIMEOUT_MS = 5_000;
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static int offset;

    record Result(int exitCode, String output) {
    }

    record Answer(int status, JsonNode body) {
        boolean succeeded() {
            return status == 200 && body.path("success").asBoolean(false);
        }
    }

    @FunctionalInterface
    interface Probe<T> {
        T get() throws Exception;
    }

    @BeforeAll
    static void chooseFreePorts() {
        for (int attempt = 0; attempt < 50; attempt++) {
            // Every shifted port stays below Linux's ephemeral range (32768+), where outgoing
            // connections of this very test could take a port the suite is about to bind.
            int candidate = 10_000 + ThreadLocalRandom.current().nextInt(0, 130) * 100;
            if (allFree(candidate)) {
                offset = candidate;
                return;
            }
        }
        throw new IllegalStateException("no free block of ports for the launcher test");
    }

    @AfterAll
    static void stopEverything() throws Exception {
        ddb("down");
    }

    @Test
    @Order(1)
    void upStartsAllTenProcessesHealthy() throws Exception {
        Result up = ddb("up");

        assertThat(up.exitCode()).as(up.output()).isZero();
        for (String name : List.of("instance-1", "instance-2", "instance-3", "instance-4", "coordinator-1",
                "timestamp-1", "timestamp-2", "metrics", "cabinet", "seer")) {
            assertThat(up.output()).containsPattern("(?m)^" + name + "\\s+\\S+\\s+\\d+\\s+\\d+\\s+healthy");
        }
        for (int port : DEFAULT_PORTS) {
            assertThat(isListening(port + offset)).as("port %d", port + offset).isTrue();
        }
        assertThat(up.output()).containsPattern("(?m)^java: .+ \\(/[^)]+\\)");
        Matcher warmUp = Pattern.compile("(?m)^warm-up: (\\d+) writes, (\\d+) reads, (\\d+) failed( \\(.+\\))?$").matcher(up.output());
        assertThat(warmUp.find()).as(up.output()).isTrue();
        assertThat(Long.parseLong(warmUp.group(1))).as("warm-up writes").isPositive();
    }

    /** With a JDK from 25 on, the first up recorded an AOT cache per service jar, and the services run from it now. */
    @Test
    @Order(2)
    void theFirstUpRecordedAnAotCachePerJarAndTheServicesStartedFromIt() throws Exception {
        Matcher java = Pattern.compile("(?m)^java: .+? \\((/[^)]+)\\)").matcher(ddb("up").output());
        assertThat(java.find()).isTrue();
        assumeTrue(Runtime.Version.parse(javaVersion(Path.of(java.group(1)))).feature() >= 25,
                "the newest JDK here records no AOT cache");
        List<Path> caches;
        try (var files = Files.find(runDir.resolve("jars"), 2, (path, attributes) -> path.toString().endsWith(".aot"))) {
            caches = files.toList();
        }

        assertThat(caches).extracting(cache -> cache.getParent().getFileName().toString().replaceAll("-0\\..*", ""))
                .containsExactlyInAnyOrder("coordinator-service", "timestamp-service", "metrics-service", "cabinet-service",
                        "seer-service");
        String coordinatorPid = ddb("status").output().lines().filter(line -> line.startsWith("coordinator-1 "))
                .map(line -> line.trim().split("\\s+")[3]).findFirst().orElseThrow();
        String commandLine = Files.readString(Path.of("/proc", coordinatorPid, "cmdline")).replace('\0', ' ');
        assertThat(commandLine).contains("-XX:AOTCache=" + runDir.resolve("jars")).doesNotContain("AOTCacheOutput");
        assertThat(Files.readString(runDir.resolve("logs").resolve("coordinator-1.out")))
                .doesNotContainPattern("\\[error *\\]\\[aot");
    }

    private static String javaVersion(Path home) throws IOException {
        return Files.readAllLines(home.resolve("release")).stream().filter(line -> line.startsWith("JAVA_RUNTIME_VERSION="))
                .map(line -> line.substring(line.indexOf('=') + 1).replace("\"", "")).findFirst().orElse("17");
    }

    @Test
    @Order(2)
    void secondUpChangesNothing() throws Exception {
        String before = ddb("status").output();

        Result again = ddb("up");

        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).doesNotContain("starting ");
        assertThat(pids(again.output())).isEqualTo(pids(before));
    }

    @Test
    @Order(2)
    void credentialsAreMadeOnceOwnerOnlyAndPrintedOnRequest() throws Exception {
        Path file = runDir.resolve("credentials");
        String made = Files.readString(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(made).containsPattern("(?m)^DDB_ADMIN_PASSWORD=\\S{24}$").containsPattern("(?m)^DDB_SERVICE_TOKEN=ddb_\\S{43}$");
        Result printed = ddb("credentials");
        assertThat(printed.exitCode()).as(printed.output()).isZero();
        assertThat(printed.output()).isEqualTo(made);
        assertThat(ddb("up").exitCode()).isZero();
        assertThat(Files.readString(file)).as("the file a second up finds").isEqualTo(made);
        SuiteCredentials credentials = credentials();
        for (Path log : List.of(runDir.resolve("logs/coordinator-1.log"), runDir.resolve("logs/metrics.log"))) {
            assertThat(Files.readString(log)).as(log.toString())
                    .doesNotContain(credentials.adminPassword(), credentials.writerToken(), credentials.serviceToken());
        }
    }

    @Test
    @Order(2)
    void servicesRefuseCallersWithoutCredentialsAndAnswerTheAdmin() throws Exception {
        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + (9003 + offset) + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(anonymous.body()).path("error").asString()).isEqualTo("AUTHENTICATION_REQUIRED");
        assertThat(get(9003, "/metrics").path("replicas")).hasSize(4);
        HttpResponse<String> failover = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (9000 + offset)
                + "/admin/failover")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(failover.statusCode()).as(failover.body()).isEqualTo(401);
        assertThat(get(9000, "/admin/topology").path("master").isMissingNode()).isFalse();
        // The coordinator reached every helper with the service token: it uses Cabinet's weights.
        await("Cabinet's weights in use", () -> get(9000, "/admin/current-quorum").path("source").asString(),
                "cabinet"::equals);
    }

    @Test
    @Order(3)
    void killedInstanceShowsStoppedAndStartsAgain() throws Exception {
        assertThat(ddb("kill", "instance-2").exitCode()).isZero();
        assertThat(ddb("status").output()).containsPattern("(?m)^instance-2\\s+database\\s+\\d+\\s+-\\s+stopped");
        assertThat(isListening(3308 + offset)).isFalse();

        assertThat(ddb("start", "instance-2").exitCode()).isZero();
        assertThat(ddb("status").output()).containsPattern("(?m)^instance-2\\s+database\\s+\\d+\\s+\\d+\\s+healthy");
    }

    @Test
    @Order(4)
    void unknownNameIsAClearError() throws Exception {
        Result result = ddb("kill", "instance-9");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output()).contains("unknown name 'instance-9'").contains("instance-1");
    }

    @Test
    @Order(5)
    void benchWritesMeasuresEveryTargetAgainstTheSuiteAndRemovesItsOwnServer() throws Exception {
        Path figures = runDir.resolve("bench-writes.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new StressMain());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));

        int exitCode = command.execute("bench-writes", "--coordinator", "http://127.0.0.1:" + (9000 + offset),
                "--clients", "1,4", "--warmup", "500ms", "--duration", "1s", "--json", figures.toString());

        assertThat(exitCode).as(out + "\n" + err).isZero();
        for (String target : List.of("direct", "strong", "strong-literal", "eventual")) {
            assertThat(out.toString()).containsPattern("(?m)^" + target + "\\s+1\\s+[1-9]")
                    .containsPattern("(?m)^" + target + "\\s+4\\s+[1-9]");
        }
        assertThat(out.toString()).contains("strong / direct", "strong-literal / direct", "eventual / direct");
        JsonNode json = JSON.readTree(Files.readString(figures));
        assertThat(json.path("results")).hasSize(8);
        assertThat(json.path("ratios")).hasSize(6)
                .allSatisfy(ratio -> assertThat(ratio.path("throughput_ratio").asDouble()).isPositive());
        Matcher standalone = Pattern.compile("on port (\\d+), started for this run").matcher(out.toString());
        assertThat(standalone.find()).as(out.toString()).isTrue();
        assertThat(isListening(Integer.parseInt(standalone.group(1)))).isFalse();
    }

    @Test
    @Order(6)
    void cabinetGivesAReplicaHeldByALockTheLowestWeightAndStrongWritesStopWaitingForIt() throws Exception {
        for (String sql : List.of("CREATE TABLE adaptation (id INT PRIMARY KEY, v INT NOT NULL)",
                "INSERT INTO adaptation VALUES (1, 0)", "INSERT INTO adaptation VALUES (2, 0)",
                "INSERT INTO adaptation VALUES (3, 0)")) {
            Answer written = strongWrite(sql);
            assertThat(written.succeeded()).as(written.toString()).isTrue();
        }
        await("Cabinet's weights in use", () -> get(9000, "/admin/current-quorum").path("source").asString(),
                "cabinet"::equals);
        long beforeLock = masterTimestamp();
        await("every replica caught up before the lock", () -> laggards(get(9003, "/metrics"), beforeLock), List::isEmpty);
        JsonNode before = get(9000, "/admin/current-quorum");
        // Holding the heaviest replica back makes the change visible: it has to fall from first to last place.
        String slow = before.path("weights").properties().stream()
                .filter(weight -> !weight.getKey().equals(before.path("master").asString()))
                .max(Comparator.comparing(weight -> weight.getValue().decimalValue())).orElseThrow().getKey();
        int slowPort = 3306 + Integer.parseInt(slow.substring("instance-".length()));

        try (Connection held = DriverManager.getConnection(jdbcUrl(slowPort), "ddb_user", "ddb_password")) {
            held.setAutoCommit(false);
            held.createStatement().executeQuery("SELECT * FROM adaptation WHERE id = 1 FOR UPDATE").close();

            // Writes are what make the held replica fall behind, so each probe sends one.
            await(slow + " at the lowest weight", () -> {
                Answer update = strongWrite(UPDATE_HELD_ROW);
                assertThat(update.succeeded()).as(update.toString()).isTrue();
                return lightest(get(9000, "/admin/current-quorum").path("weights"));
            }, slow::equals);

            assertThat(lightest(post(9004, "/select-quorum", "{\"operation\": \"write\"}").body().path("weights")))
                    .isEqualTo(slow);
            // The metrics service polls on its own schedule: wait for a poll that saw the replica behind.
            JsonNode heldMetrics = await(slow + " behind in the metrics service", () -> {
                Answer update = strongWrite(UPDATE_HELD_ROW);
                assertThat(update.succeeded()).as(update.toString()).isTrue();
                return replicaIn(get(9003, "/metrics"), slow);
            }, metrics -> metrics.path("replication_lag").asLong() > 0);
            assertThat(heldMetrics.path("replication_lag").asLong()).as(heldMetrics.toString()).isPositive();
            for (int write = 0; write < 5; write++) {
                Answer update = strongWrite(UPDATE_HELD_ROW);
                assertThat(update.succeeded()).as(update.toString()).isTrue();
                assertThat(update.body().path("acknowledged_by").valueStream().map(JsonNode::asString).toList())
                        .isNotEmpty().doesNotContain(slow);
                assertThat(update.body().path("latency_ms").asDouble()).isLessThan(QUORUM_TIMEOUT_MS);
            }
            held.rollback();
        }

        long afterLock = masterTimestamp();
        await(slow + " caught up after the lock", () -> laggards(get(9003, "/metrics"), afterLock), List::isEmpty);
        List<List<Integer>> instance1 = rows(3307);
        assertThat(instance1).hasSize(3);
        assertThat(instance1.get(0).get(1)).isGreaterThan(5);
        for (int port : List.of(3308, 3309, 3310)) {
            assertThat(rows(port)).as("instance on port %d", port + offset).isEqualTo(instance1);
        }
    }

    @Test
    @Order(7)
    void killingOneTimestampServiceMidLoadFailsNoWrite() throws Exception {
        Answer table = strongWrite(BenchRows.CREATE_TABLE);
        assertThat(table.succeeded()).as(table.toString()).isTrue();
        CoordinatorClient coordinator = new CoordinatorClient(URI.create("http://127.0.0.1:" + (9000 + offset)),
                Duration.ofSeconds(30));
        AtomicLong answered = new AtomicLong();
        List<TimestampedWriter> writers = new ArrayList<>();
        for (int client = 0; client < 8; client++) {
            writers.add(new TimestampedWriter(coordinator, client % 2 == 0 ? "STRONG" : "EVENTUAL", client, answered));
        }
        // Long enough that ./ddb kill, a JVM of its own, returns well before the load ends even on a busy machine.
        FutureTask<LoadResult> load = new FutureTask<>(
                () -> new ClosedLoop(Duration.ZERO, Duration.ofSeconds(20)).run("timestamp-kill", 8, writers::get));
        new Thread(load, "timestamp-kill-load").start();
        long answeredAtKill;
        LoadResult result;
        Result restarted;
        try {
            await("writes under way before the kill", answered::get, count -> count >= 100);
            Result kill = ddb("kill", "timestamp-1");
            answeredAtKill = answered.get();
            assertThat(kill.exitCode()).as(kill.output()).isZero();
            assertThat(load.isDone()).as("the load ended before ./ddb kill returned").isFalse();
            assertThat(isListening(9001 + offset)).isFalse();
            result = load.get(2, TimeUnit.MINUTES);
            assertThat(ddb("status").output()).containsPattern("(?m)^timestamp-1\\s+\\S+\\s+\\d+\\s+-\\s+stopped");
        } finally {
            load.cancel(true);
            restarted = ddb("start", "timestamp-1");
        }
        assertThat(restarted.exitCode()).as(restarted.output()).isZero();
        System.out.printf("timestamp-1 killed after %d of %d writes answered; %s%n", answeredAtKill, answered.get(), result);
        JsonNode seenByCoordinator = get(9000, "/actuator/health").path("components").path("timestampServers");
        assertThat(seenByCoordinator.path("details").path("servers").path("timestamp-1").path("last_failure").asString(""))
                .as(seenByCoordinator.toString()).isNotEmpty();
        for (TimestampedWriter writer : writers) {
            assertThat(writer.failures).as("failed writes of client %d", writer.client).isEmpty();
        }
        assertThat(answered.get() - answeredAtKill).as("writes answered after the kill").isGreaterThanOrEqualTo(50);
        long highest = 0;
        for (TimestampedWriter writer : writers) {
            assertThat(writer.timestamps).as("timestamps answered to client %d", writer.client)
                    .isNotEmpty().isSortedAccordingTo(Comparator.naturalOrder()).doesNotHaveDuplicates();
            highest = Math.max(highest, writer.timestamps.get(writer.timestamps.size() - 1));
        }
        assertThat(writers.stream().flatMap(writer -> writer.timestamps.stream()))
                .as("timestamps answered to any client").doesNotHaveDuplicates();
        assertThat(count("SELECT COUNT(*) FROM " + BenchRows.TABLE + " WHERE k LIKE 'tskill-%'"))
                .isEqualTo(writers.stream().mapToLong(writer -> writer.timestamps.size()).sum());

        assertThat(ddb("status").output()).containsPattern("(?m)^timestamp-1\\s+\\S+\\s+\\d+\\s+\\d+\\s+healthy");
        assertThat(get(9001, "/actuator/health").path("status").asString()).isEqualTo("UP");
        AtomicLong floor = new AtomicLong(highest);
        // The coordinator calls a timestamp service once per block of values, or when its block is two seconds old,
        // and only such a call can close timestamp-1's circuit: the probes keep writes coming until one has.
        await("the coordinator using timestamp-1 again", () -> {
            for (int write = 0; write < 20; write++) {
                Answer answer = strongWrite("INSERT INTO " + BenchRows.TABLE + " (k, v) VALUES (UUID(), 0)");
                assertThat(answer.succeeded()).as(answer.toString()).isTrue();
                assertThat(answer.body().path("timestamp").asLong()).isGreaterThan(floor.get());
                floor.set(answer.body().path("timestamp").asLong());
            }
            return get(9000, "/actuator/health").path("components").path("timestampServers").path("details")
                    .path("servers").path("timestamp-1").path("circuit_state").asString();
        }, "CLOSED"::equals);
    }

    @Test
    @Order(8)
    void strongWriteIsRefusedWhileEveryReplicaIsStoppedAndSucceedsOnceTheyCaughtUp() throws Exception {
        for (String sql : List.of("CREATE TABLE outage (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO outage VALUES (1, 'before')")) {
            Answer written = strongWrite(sql);
            assertThat(written.succeeded()).as(written.toString()).isTrue();
        }
        JsonNode status = get(9000, "/status");
        String master = status.path("current_master").path("id").asString();
        int masterPort = status.path("current_master").path("port").asInt() - offset;
        List<String> replicas = status.path("current_replicas").valueStream().map(r -> r.path("id").asString()).toList();
        assertThat(replicas).hasSize(3).doesNotContain(master);
        await("Cabinet's weights in use", () -> get(9000, "/admin/current-quorum").path("source").asString(),
                "cabinet"::equals);
        List<String> started = new ArrayList<>();
        try {
            for (String replica : replicas) {
                Result stop = ddb("stop", replica);
                assertThat(stop.exitCode()).as(stop.output()).isZero();
            }
            await("every replica seen as not connected", () -> replicaStates(get(9000, "/status")).values(),
                    states -> states.stream().allMatch("disconnected"::equals));
            await("metrics-service seeing every replica down", () -> get(9003, "/metrics").path("replicas")
                    .valueStream().filter(r -> r.path("is_healthy").asBoolean()).map(r -> r.path("replica_id").asString())
                    .toList(), List.of(master)::equals);
            long logBefore = count(masterPort, "SELECT COUNT(*) FROM ddb_meta.log");

            Answer refused = strongWrite("INSERT INTO outage VALUES (2, 'refused')");

            assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
            assertThat(refused.body().path("success").asBoolean(true)).as(refused.toString()).isFalse();
            assertThat(refused.body().path("error").asString()).isEqualTo("QUORUM_UNAVAILABLE");
            assertThat(refused.body().path("message").asString()).contains("cabinet: weight > ");
            assertThat(count(masterPort, "SELECT COUNT(*) FROM ddb_meta.log")).isEqualTo(logBefore);
            assertThat(count(masterPort, "SELECT COUNT(*) FROM outage WHERE id = 2")).isZero();
            assertThat(get(9000, "/admin/current-quorum").path("source").asString()).isEqualTo("cabinet");
            // Something for the replicas to catch up on when they return.
            Answer eventual = post(9000, "/query", JSON.writeValueAsString(
                    Map.of("query", "INSERT INTO outage VALUES (3, 'while down')", "consistency", "EVENTUAL")));
            assertThat(eventual.succeeded()).as(eventual.toString()).isTrue();
        } finally {
            for (String replica : replicas) {
                started.add(replica + ": " + ddb("start", replica).exitCode());
            }
        }
        assertThat(started).allMatch(line -> line.endsWith(": 0"));
        await("every replica live again", () -> replicaStates(get(9000, "/status")).values(),
                states -> states.stream().allMatch("live"::equals));
        long afterOutage = masterTimestamp();
        await("every replica caught up", () -> laggards(get(9003, "/metrics"), afterOutage), List::isEmpty);

        Answer again = strongWrite("INSERT INTO outage VALUES (4, 'after')");

        assertThat(again.succeeded()).as(again.toString()).isTrue();
        assertThat(again.body().path("quorum_achieved").asBoolean()).isTrue();
        assertThat(again.body().path("acknowledged_by").valueStream().map(JsonNode::asString).toList())
                .isNotEmpty().isSubsetOf(replicas);
        assertThat(count(masterPort, "SELECT COUNT(*) FROM outage")).isEqualTo(3);
    }

    @Test
    @Order(9)
    void stressRunsEveryScenarioOfAllAndEveryInvariantHolds() throws Exception {
        Path reportDir = runDir.resolve("stress-report");

        Result run = stress("--scenario", "all", "--writes", "150", "--clients", "4", "--duration", "2s",
                "--warmup", "500ms", "--bench-clients", "1,4", "--report", reportDir.toString(),
                "--launcher", ROOT.resolve("ddb").toString(), "--launcher-env", "DDB_RUN_DIR=" + runDir,
                "--launcher-env", "DDB_PORT_OFFSET=" + offset);

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("every invariant held", "strong / semisync", "eventual / direct",
                        "concurrent   [")
                .containsPattern("(?m)^concurrent\\s+concurrent\\s+4\\s+[1-9]")
                .containsPattern("(?m)^lag\\s+lag\\s+4\\s+[1-9]")
                .containsPattern("(?m)^performance\\s+semisync\\s+4\\s+[1-9]")
                .containsPattern("(?m)^performance\\s+strong-literal\\s+4\\s+[1-9]");
        JsonNode report = JSON.readTree(Files.readString(reportDir.resolve("report.json")));
        assertThat(report.path("passed").asBoolean()).isTrue();
        assertThat(report.path("scenarios").valueStream().map(s -> s.path("name").asString()).toList())
                .containsExactly("concurrent", "consistency", "lag", "performance", "failover");
        JsonNode stale = report.path("scenarios").path(1).path("figures").path("stale_reads");
        assertThat(stale.path("strong").path("reads").asLong()).isPositive();
        assertThat(stale.path("strong").path("stale").asLong()).isZero();
        assertThat(stale.path("min_timestamp").path("stale").asLong()).isZero();
        JsonNode lag = report.path("scenarios").path(2);
        assertThat(lag.path("figures").path("held_replica").asString()).startsWith("instance-");
        assertThat(lag.path("figures").path("catch_up_seconds").isNumber()).as(lag.toString()).isTrue();
        assertThat(lag.path("lag")).isNotEmpty();
        JsonNode performance = report.path("scenarios").path(3);
        assertThat(performance.path("loads").valueStream().map(l -> l.path("target").asString()).distinct().toList())
                .containsExactly("direct", "semisync", "strong", "strong-literal", "eventual");
        assertThat(performance.path("figures").path("semisync_counters").path("rpl_semi_sync_master_no_tx").asString())
                .isEqualTo("0");
        JsonNode failover = report.path("scenarios").path(4).path("figures").path("rounds").path(0);
        assertThat(failover.path("new_master").asString()).as(failover.toString())
                .isNotEqualTo(failover.path("killed").asString());
        assertThat(failover.path("seconds_to_first_write").isNumber()).as(failover.toString()).isTrue();
        assertThat(failover.path("seconds_to_rejoin").isNumber()).as(failover.toString()).isTrue();
        // The coordinator elects locally only when seer-service gives no usable answer; "seer" proves the real one chose.
        JsonNode failovers = get(9000, "/status").path("failovers");
        JsonNode lastFailover = failovers.path(failovers.size() - 1);
        assertThat(lastFailover.path("old_master").asString()).as(failovers.toString())
                .isEqualTo(failover.path("killed").asString());
        assertThat(lastFailover.path("new_master").asString()).as(failovers.toString())
                .isEqualTo(failover.path("new_master").asString());
        assertThat(lastFailover.path("elected_by").asString()).as(lastFailover.toString()).isEqualTo("seer");
        assertThat(Files.readString(reportDir.resolve("report.html"))).contains("<svg", "replica lag over time");
    }

    @Test
    @Order(10)
    void stressFailsNamingTheInvariantWhenAReplicaWasChangedBehindTheCoordinatorsBack() throws Exception {
        try (Connection replica = DriverManager.getConnection(jdbcUrl(3310), "ddb_user", "ddb_password")) {
            replica.createStatement().executeUpdate(
                    "INSERT INTO users (name, email) VALUES ('Mallory', 'mallory@example.com')");
            try {
                Result run = stress("--scenario", "concurrent", "--writes", "20", "--clients", "2", "--report",
                        runDir.resolve("tampered").toString());

                assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
                assertThat(run.output()).contains("identical tables: CHECKSUM TABLE users differs between instances");
            } finally {
                replica.createStatement().executeUpdate("DELETE FROM users WHERE email = 'mallory@example.com'");
            }
        }
    }

    @Test
    @Order(11)
    void downLeavesNothingListening() throws Exception {
        assertThat(ddb("down").exitCode()).isZero();

        for (int port : DEFAULT_PORTS) {
            assertThat(isListening(port + offset)).as("port %d", port + offset).isFalse();
        }
    }

    @Test
    @Order(12)
    void upNamesAPortTakenByAnotherProgramAndStartsNothing() throws Exception {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 9003 + offset));

            Result up = ddb("up");

            assertThat(up.exitCode()).isNotZero();
            assertThat(up.output()).contains("metrics needs port " + (9003 + offset));
            assertThat(isListening(3307 + offset)).isFalse();
        }
    }

    /**
     * Inserts rows of its own through the coordinator and keeps each answer's timestamp, or why the write failed;
     * {@code answered} counts the writes of every client that came back either way.
     */
    private static final class TimestampedWriter implements LoadClient {

        final int client;
        final List<Long> timestamps = new ArrayList<>();
        final List<String> failures = new ArrayList<>();
        private final CoordinatorClient coordinator;
        private final String consistency;
        private final AtomicLong answered;

        TimestampedWriter(CoordinatorClient coordinator, String consistency, int client, AtomicLong answered) {
            this.coordinator = coordinator;
            this.consistency = consistency;
            this.client = client;
            this.answered = answered;
        }

        @Override
        public Outcome perform(long sequence) throws InterruptedException {
            try {
                CoordinatorClient.Answer answer = coordinator.query(BenchRows.INSERT,
                        List.of(BenchRows.key("tskill", client, sequence), client), consistency);
                if (!answer.succeeded()) {
                    failures.add(consistency + " " + answer.errorKind() + ": " + answer.message());
                    return Outcome.failure(answer.errorKind(), answer.message());
                }
                timestamps.add(answer.body().path("timestamp").asLong());
                return Outcome.success();
            } catch (IOException e) {
                failures.add(consistency + " " + e);
                return Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            } finally {
                answered.incrementAndGet();
            }
        }

        @Override
        public void close() {
            // The HTTP client is shared by every writer.
        }
    }

    /** Runs {@code ./ddb stress} in process against this suite; stdout and stderr together in the output. */
    private static Result stress(String... args) {
        StringWriter output = new StringWriter();
        CommandLine command = new CommandLine(new StressMain());
        command.setOut(new PrintWriter(output, true));
        command.setErr(new PrintWriter(output, true));
        List<String> arguments = new ArrayList<>(List.of("stress", "--coordinator", "http://127.0.0.1:" + (9000 + offset)));
        arguments.addAll(List.of(args));
        return new Result(command.execute(arguments.toArray(String[]::new)), output.toString());
    }

    private static Answer strongWrite(String sql) throws IOException, InterruptedException {
        return post(9000, "/query", JSON.writeValueAsString(Map.of("query", sql, "consistency", "STRONG")));
    }

    /** As the suite's admin, whose credentials {@code ./ddb up} wrote to the run directory. */
    private static Answer post(int port, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + offset) + path))
                .header("Authorization", credentials().adminAuthorization())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), JSON.readTree(response.body()));
    }

    /** As the suite's admin, whose credentials {@code ./ddb up} wrote to the run directory. */
    private static JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (port + offset) + path))
                .header("Authorization", credentials().adminAuthorization()).build();
        return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private static SuiteCredentials credentials() throws IOException {
        return SuiteCredentials.read(runDir.resolve(SuiteCredentials.FILE_NAME))
                .orElseThrow(() -> new IllegalStateException("./ddb up wrote no credentials to " + runDir));
    }

    private static JsonNode replicaIn(JsonNode metrics, String instance) {
        return metrics.path("replicas").valueStream()
                .filter(replica -> replica.path("replica_id").asString().equals(instance)).findFirst().orElseThrow();
    }

    /** Each replica's state as the coordinator's {@code /status} shows it. */
    private static Map<String, String> replicaStates(JsonNode status) {
        Map<String, String> states = new TreeMap<>();
        status.path("current_replicas").forEach(r -> states.put(r.path("id").asString(), r.path("state").asString()));
        return states;
    }

    /**
     * The replicas that have not applied {@code target} yet. The log never stands still (the background verifier
     * appends a checksum entry every 100 ms), so a replica is caught up once it reaches what the master held when the
     * wait began, not when it equals the master's newest entry.
     */
    private static List<String> laggards(JsonNode metrics, long target) {
        return metrics.path("replicas").valueStream().filter(replica -> !replica.path("is_master").asBoolean())
                .filter(replica -> replica.path("applied_ts").asLong() < target)
                .map(replica -> replica.path("replica_id").asString()).toList();
    }

    /** The master's highest log timestamp, as the coordinator knows it. */
    private static long masterTimestamp() throws IOException, InterruptedException {
        return get(9000, "/status").path("master_last_ts").asLong();
    }

    private static String lightest(JsonNode weights) {
        return weights.properties().stream().min(Comparator.comparing(weight -> weight.getValue().decimalValue()))
                .map(Map.Entry::getKey).orElse("no weights");
    }

    private static String jdbcUrl(int port) {
        return "jdbc:mysql://127.0.0.1:" + (port + offset) + "/ddb";
    }

    /** A single number read from instance-1, the first master. */
    private static long count(String sql) throws SQLException {
        return count(3307, sql);
    }

    /** A single number read from the instance on this (unshifted) port. */
    private static long count(int port, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port), "ddb_user", "ddb_password");
             ResultSet result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<List<Integer>> rows(int port) throws SQLException {
        List<List<Integer>> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl(port), "ddb_user", "ddb_password");
             ResultSet result = connection.createStatement().executeQuery("SELECT id, v FROM adaptation ORDER BY id")) {
            while (result.next()) {
                rows.add(List.of(result.getInt(1), result.getInt(2)));
            }
        }
        return rows;
    }

    private static <T> T await(String what, Probe<T> probe, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        T seen = probe.get();
        while (!done.test(seen) && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            seen = probe.get();
        }
        assertThat(done.test(seen)).as(what + ", last seen: " + seen).isTrue();
        return seen;
    }

    private static Result ddb(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("ddb").toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("ddb-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        // seer-service gets 5 s to answer an election instead of 1 s: on a busy 2-core machine it can be slower, and the
        // failover check wants the election to be seer's, not the coordinator's local fallback. One coordinator: this
        // test is about one suite's behaviour, not about electing among coordinators.
        // A short training run: the first up records the AOT caches (with a JDK from 25 on), which the tests below
        // then start from; its length matters less here than that the whole path runs. The same for the warm-up.
        builder.environment().putAll(Map.of("DDB_RUN_DIR", runDir.toString(), "DDB_PORT_OFFSET", Integer.toString(offset),
                "DDB_FAILOVER_SEER_TIMEOUT", "5s", "DDB_COORDINATORS", "1", "DDB_AOT_TRAINING_SECONDS", "5",
                "DDB_WARMUP_SECONDS", "2"));
        builder.environment().remove("DDB_JAVA_HOME");
        builder.environment().remove("DDB_AOT");
        Process process = builder.start();
        // The first up on a busy 2-core machine: start, training load, caches written, start again.
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./ddb " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    private static List<String> pids(String statusOutput) {
        return statusOutput.lines().filter(line -> line.matches("^(instance|coordinator|timestamp|metrics|cabinet|seer).*"))
                .map(line -> line.trim().split("\\s+")[3]).toList();
    }

    private static boolean allFree(int candidateOffset) {
        for (int port : DEFAULT_PORTS) {
            if (isListening(port + candidateOffset)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
