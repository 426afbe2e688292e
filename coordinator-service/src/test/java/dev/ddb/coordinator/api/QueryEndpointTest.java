package dev.ddb.coordinator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntConsumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;
import dev.ddb.coordinator.testing.CoordinatorHttp;
import dev.ddb.coordinator.testing.CoordinatorHttp.Answer;
import dev.ddb.coordinator.testing.CoordinatorOnLocalServers;
import dev.ddb.mysql.testing.LocalServers;
import dev.ddb.mysql.testing.TestCluster;
import tools.jackson.databind.json.JsonMapper;

/** {@code POST /query} end to end: a real coordinator in front of four real servers. */
@LocalServers(count = 4)
class QueryEndpointTest extends CoordinatorOnLocalServers {

    @Test
    void pipelinedRequestsAreAnsweredInTheOrderTheyCame() throws Exception {
        assertThat(http.post("/query", "{\"query\": \"CREATE TABLE piped (id INT PRIMARY KEY)\"}").status()).isEqualTo(200);
        String write = "{\"query\": \"INSERT INTO piped VALUES (1)\", \"consistency\": \"STRONG\"}";
        String read = "{\"query\": \"SELECT 2 AS second\", \"consistency\": \"EVENTUAL\"}";
        String requests = post(write) + "GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN + "\r\n\r\n" + post(read);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(requests.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            assertThat(JSON.readTree(responseBody(in)).get("message").asString()).startsWith("Write successful");
            assertThat(JSON.readTree(responseBody(in)).has("current_master")).isTrue();
            assertThat(JSON.readTree(responseBody(in)).get("data").get(0).get("second").asInt()).isEqualTo(2);
        }
    }

    @Test
    void aRequestThatIsNotHttpGets400AndTheConnectionCloses() throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("POST /query HTTP/1.1\r\nContent-Length: nine\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            assertThat(JSON.readTree(responseBody(in)).get("error").asString()).isEqualTo("MALFORMED_REQUEST");
            assertThat(in.read()).as("the connection is closed after the answer").isEqualTo(-1);
        }
    }

    @Test
    void aRequestTargetNamingAnotherHostIsNotForwardedThere() throws Exception {
        for (String target : List.of("http://127.0.0.1:1/status", "//127.0.0.1:1/status", "127.0.0.1:1")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String body = responseBody(new java.io.DataInputStream(socket.getInputStream()));
                assertThat(body).as(target).doesNotContain("UNAVAILABLE").doesNotContain("current_master");
            }
        }
    }

    @Test
    void aClientAskingToCloseGetsItsAnswerAndThenTheClose() throws Exception {
        String read = "{\"query\": \"SELECT 3 AS third\"}";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            // A write sent after the request that asked to close is not run: its answer could never be sent.
            String after = post("{\"query\": \"CREATE TABLE after_close (id INT)\"}");
            socket.getOutputStream().write((post(read).replace("Host: x\r\n", "Host: x\r\nConnection: close\r\n") + after)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            assertThat(JSON.readTree(responseBody(in)).get("data").get(0).get("third").asInt()).isEqualTo(3);
            assertThat(in.read()).as("the connection is closed after the answer").isEqualTo(-1);
        }
        Thread.sleep(1_000);
        Answer notCreated = http.post("/query", "{\"query\": \"SELECT COUNT(*) AS n FROM after_close\", \"consistency\": \"STRONG\"}");
        assertThat(notCreated.body().get("error").asString()).as(notCreated.body().toString()).isEqualTo("UNKNOWN_TABLE");
    }

    @Test
    void aHeadRequestGetsTheLengthOfTheBodyAGetWouldHaveAndNoBody() throws Exception {
        int statusLength = JSON.writeValueAsBytes(http.get("/status").body()).length;
        String requests = "HEAD /status HTTP/1.1\r\nHost: x\r\nAuthorization: " + ADMIN + "\r\n\r\n" + post("{\"query\": \"SELECT 4 AS fourth\"}");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(requests.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
            Map<String, String> head = responseHeaders(in);
            assertThat(head.get("status")).startsWith("HTTP/1.1 200");
            // /status changes between calls (lag, the sequencer's figures), but not by half its length.
            assertThat(Integer.parseInt(head.get("content-length"))).isBetween(statusLength / 2, statusLength * 2);
            // No body follows: the next bytes are the next answer.
            assertThat(JSON.readTree(responseBody(in)).get("data").get(0).get("fourth").asInt()).isEqualTo(4);
        }
    }

    private static String post(String json) {
        return "POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\r\n\r\n" + json;
    }

    /** Reads one HTTP/1.1 answer with a Content-Length and returns its body. */
    private static String responseBody(java.io.DataInputStream in) throws Exception {
        byte[] body = new byte[Integer.parseInt(responseHeaders(in).getOrDefault("content-length", "-1"))];
        in.readFully(body);
        return new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Reads an answer's status line (as "status") and headers (names in lower case), up to the empty line. */
    private static Map<String, String> responseHeaders(java.io.DataInputStream in) throws Exception {
        Map<String, String> headers = new java.util.HashMap<>();
        StringBuilder line = new StringBuilder();
        while (true) {
            int c = in.read();
            assertThat(c).as("the connection closed before the answer's headers ended").isNotNegative();
            if (c != '\n') {
                if (c != '\r') {
                    line.append((char) c);
                }
                continue;
            }
            if (line.isEmpty()) {
                return headers;
            }
            int colon = line.indexOf(":");
            if (headers.isEmpty()) {
                headers.put("status", line.toString());
            } else if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), line.substring(colon + 1).trim());
            }
            line.setLength(0);
        }
    }

    @Test
    void linksInForwardedAnswersNameThePublicPort() {
        String body = admin().get().uri("/actuator").retrieve().body(String.class);

        assertThat(body).contains("127.0.0.1:" + port + "/actuator/health");
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ADMIN = TestCallers.authorization(Role.ADMIN);

    /** A client calling as the test admin, which the actuator's endpoints and /status ask for. */
    private RestClient admin() {
        return RestClient.builder().baseUrl("http://127.0.0.1:" + port).defaultHeader(HttpHeaders.AUTHORIZATION, ADMIN).build();
    }
    private static final List<String> INSTANCES = List.of("instance-1", "instance-2", "instance-3", "instance-4");

    @Test
    void healthReportsUpWithEveryInstanceReachable() {
        String body = admin().get().uri("/actuator/health").retrieve().body(String.class);

        assertThat(body).contains("\"status\":\"UP\"");
    }

    @Test
    void seedCurlExampleWithDoubleQuotedStringsWritesEveryInstance(TestCluster cluster) throws Exception {
        Answer answer = http.post("/query",
                "{\"query\": \"INSERT INTO users (name, email) VALUES (\\\"Alice\\\", \\\"alice@example.com\\\")\","
                        + " \"consistency\": \"EVENTUAL\"}");

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        assertThat(answer.body().get("success").asBoolean()).isTrue();
        assertThat(answer.body().get("txn_id").asString()).matches("TXN-\\d+-[0-9a-f]{8}");
        assertThat(answer.body().get("rows_affected").asLong()).isEqualTo(1);
        for (String id : INSTANCES) {
            awaitRows(cluster, id, "SELECT name FROM users WHERE email = 'alice@example.com'", List.of("Alice"));
        }
    }

    @Test
    void strongWriteIsAcknowledgedByAQuorumAndAStrongReadSeesIt() {
        Answer write = http.query("INSERT INTO users (name, email) VALUES ('Bob', 'bob@example.com')", "STRONG");

        assertThat(write.status()).as(write.body().toString()).isEqualTo(200);
        assertThat(write.body().get("quorum_achieved").asBoolean()).isTrue();
        assertThat(write.body().get("acknowledged_by").size()).isGreaterThanOrEqualTo(2);
        Answer read = http.query("SELECT name FROM users WHERE email = 'bob@example.com'", "STRONG");
        assertThat(read.body().get("data").get(0).get("name").asString()).isEqualTo("Bob");
        assertThat(read.body().get("executed_on").asString()).isEqualTo(write.body().get("executed_on").asString());
    }

    @Test
    void eventualReadWithMinTimestampSeesTheWriteItFollows() {
        Answer write = http.query("INSERT INTO users (name, email) VALUES ('Carol', 'carol@example.com')", "EVENTUAL");
        long ts = write.body().get("timestamp").asLong();

        Answer read = http.post("/query", JSON.writeValueAsString(Map.of("query", "SELECT name FROM users WHERE email = ?",
                "params", List.of("carol@example.com"), "consistency", "EVENTUAL", "min_timestamp", ts)));

        assertThat(read.status()).as(read.body().toString()).isEqualTo(200);
        assertThat(read.body().get("data").get(0).get("name").asString()).isEqualTo("Carol");
    }

    @ParameterizedTest(name = "bound parameters: {0}")
    @ValueSource(booleans = {false, true})
    void duplicateKeyFailsAloneWith409WhileItsNeighboursCommit(boolean bound) throws Exception {
        // With bound parameters the writes of a batch run on the master as one INSERT, which the duplicate fails whole.
        String prefix = bound ? "bound-" : "literal-";
        assertThat(http.query("INSERT INTO users (name, email) VALUES ('Dup', '" + prefix + "dup@example.com')",
                "EVENTUAL").status()).isEqualTo(200);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String email = prefix + (i == 7 ? "dup@example.com" : "neighbour-" + i + "@example.com");
                answers.add(pool.submit(() -> bound
                        ? http.post("/query", JSON.writeValueAsString(Map.of("query",
                                "INSERT INTO users (name, email) VALUES (?, ?)", "params", List.of("N", email),
                                "consistency", "STRONG")))
                        : http.query("INSERT INTO users (name, email) VALUES ('N', '" + email + "')", "STRONG")));
            }
            int conflicts = 0;
            for (Future<Answer> answer : answers) {
                Answer a = answer.get();
                if (a.status() == 409) {
                    conflicts++;
                    assertThat(a.body().get("error").asString()).isEqualTo("DUPLICATE_KEY");
                    assertThat(a.body().get("success").asBoolean()).isFalse();
                } else {
                    assertThat(a.status()).as(a.body().toString()).isEqualTo(200);
                }
            }
            assertThat(conflicts).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            DELETE FROM users; DELETE FROM products           | 400 | MULTIPLE_STATEMENTS
            SELEC * FROM users                                 | 400 | SYNTAX_ERROR
            LOAD DATA INFILE '/etc/passwd' INTO TABLE users    | 400 | FILE_ACCESS
            SELECT * FROM users INTO OUTFILE '/tmp/x'          | 400 | FILE_ACCESS
            SET GLOBAL read_only = 1                           | 400 | SERVER_ADMINISTRATION
            GRANT ALL ON *.* TO 'x'@'%'                        | 400 | ACCOUNT_MANAGEMENT
            LOCK TABLES users WRITE                            | 400 | TABLE_LOCK
            BEGIN                                              | 400 | TRANSACTION_CONTROL
            DELETE FROM ddb_meta.log                           | 400 | SYSTEM_SCHEMA
            SELECT * FROM mysql.user                           | 400 | SYSTEM_SCHEMA
            DELETE FROM users LIMIT 1                          | 400 | UNORDERED_LIMIT
            INSERT INTO users (name, email) VALUES (UUID_SHORT(), 'x@example.com') | 400 | NONDETERMINISTIC
            """)
    void rejectedStatementsChangeNothing(String sql, int status, String code, TestCluster cluster) throws Exception {
        long before = logSize(cluster, "instance-1");

        Answer answer = http.query(sql, "STRONG");

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.body().get("error").asString()).isEqualTo(code);
        assertThat(answer.body().get("message").asString()).isNotBlank();
        assertThat(logSize(cluster, "instance-1")).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"query": "SELECT 1", "consistency": "SOMETIMES"}   | 400 | INVALID_CONSISTENCY
            {"query": "SELECT 1", "colour": "blue"}             | 400 | UNKNOWN_FIELD
            {"query": "SELECT 1"                                | 400 | MALFORMED_JSON
            {"consistency": "STRONG"}                           | 400 | INVALID_REQUEST
            {"query": "SELECT ?", "params": []}                 | 400 | PLACEHOLDER_MISMATCH
            """)
    void badRequestsGetAClearError(String body, int status, String code) {
        Answer answer = http.post("/query", body);

        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(status);
        assertThat(answer.body().get("error").asString()).isEqualTo(code);
    }

    @Test
    void otherMethodsAndOtherBodyTypesGetTheUsualErrorShape() {
        Answer get = http.get("/query");
        Answer text = admin().post().uri("/query")
                .contentType(MediaType.TEXT_PLAIN).body("SELECT 1")
                .exchange((request, response) -> new Answer(response.getStatusCode().value(), JSON.readTree(response.getBody())));
        Answer empty = http.post("/query", "");
        Answer nullBody = http.post("/query", "null");

        assertThat(get.status()).isEqualTo(405);
        assertThat(get.body().get("error").asString()).isEqualTo("METHOD_NOT_ALLOWED");
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.body().get("error").asString()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
        assertThat(List.of(empty, nullBody)).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.body().get("error").asString()).isEqualTo("MALFORMED_JSON");
        });
    }

    @Test
    void longStatementsAreParsedOffTheEventLoopsAndAnsweredAsShortOnes() {
        http.write("CREATE TABLE long_insert (id INT PRIMARY KEY, note VARCHAR(20))", "STRONG");
        StringBuilder values = new StringBuilder();
        for (int i = 1; i <= 300; i++) {
            values.append(i == 1 ? "" : ", ").append("(").append(i).append(", 'note ").append(i).append("')");
        }
        String insert = "INSERT INTO long_insert (id, note) VALUES " + values;
        assertThat(insert.length()).isGreaterThan(2_048);

        Answer written = http.query(insert, "STRONG");
        Answer broken = http.query(insert + " ,", "STRONG");

        assertThat(written.status()).as(written.toString()).isEqualTo(200);
        assertThat(written.body().get("rows_affected").asLong()).isEqualTo(300);
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.error()).isEqualTo("SYNTAX_ERROR");
    }

    @Test
    void bodyOverTheLimitGets413() {
        String huge = "{\"query\": \"SELECT '" + "x".repeat(1_100_000) + "'\"}";

        Answer answer = http.post("/query", huge);

        assertThat(answer.status()).isEqualTo(413);
        assertThat(answer.body().get("error").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyOverTheLimitGets413() throws Exception {
        byte[] huge = ("{\"query\": \"SELECT '" + "x".repeat(1_100_000) + "'\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/query"))
                .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).get("error").asString()).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void prometheusTimesOtherEndpointsButNotQueryWhichConsistencyMetricsTimes() {
        RestClient client = admin();
        http.query("SELECT 1", "EVENTUAL");
        client.get().uri("/consistency-metrics").retrieve().body(String.class);

        String metrics = client.get().uri("/actuator/prometheus").retrieve().body(String.class);

        assertThat(metrics).contains("uri=\"/consistency-metrics\"").doesNotContain("uri=\"/query\"");
    }

    @Test
    void prometheusShowsQueriesBatchesAndEveryInstancesRoleAndApplier() {
        assertThat(http.query("CREATE TABLE IF NOT EXISTS scraped (id INT PRIMARY KEY)", "STRONG").status()).isEqualTo(200);
        assertThat(http.query("SELECT 1", "EVENTUAL").status()).isEqualTo(200);
        String master = http.status().path("current_master").path("id").asString();
        String replica = INSTANCES.stream().filter(id -> !id.equals(master)).findFirst().orElseThrow();

        String metrics = admin().get().uri("/actuator/prometheus").retrieve()
                .body(String.class);

        assertThat(value(metrics, "ddb_queries_total{consistency=\"STRONG\",kind=\"write\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "ddb_queries_total{consistency=\"EVENTUAL\",kind=\"read\"}")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "ddb_sequencer_batches_total")).isGreaterThanOrEqualTo(1);
        assertThat(value(metrics, "ddb_write_latency_ms{consistency=\"STRONG\",quantile=\"0.99\"}")).isPositive();
        assertThat(value(metrics, "ddb_instance_master{instance=\"" + master + "\"}")).isEqualTo(1);
        assertThat(value(metrics, "ddb_instance_master{instance=\"" + replica + "\"}")).isZero();
        assertThat(value(metrics, "ddb_replica_applied_ts{instance=\"" + replica + "\"}")).isPositive();
        assertThat(value(metrics, "ddb_replica_applied_ts{instance=\"" + master + "\"}")).isNaN();
        double logBytes = CoordinatorHttp.await("the master's log size in the metrics", () -> value(admin().get().uri("/actuator/prometheus").retrieve().body(String.class),
                "ddb_log_bytes{instance=\"" + master + "\"}"), bytes -> !bytes.isNaN());
        assertThat(logBytes).isPositive();
        assertThat(metrics).contains("ddb_log_entries{instance=\"" + replica + "\"}");
        assertThat(metrics).contains("ddb_replica_state{instance=\"" + replica + "\",state=\"live\"}",
                "ddb_replica_lag_ms{instance=\"" + replica + "\"}", "ddb_epoch ", "ddb_failovers_total ",
                "ddb_strong_quorum_not_achieved_total ", "ddb_sequencer_queue_depth ", "ddb_log_last_ts ");
    }

    /** The value of the Prometheus sample named exactly {@code series} (name and labels). */
    private static double value(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + metrics));
    }

    @Test
    void concurrentMixedWritesLeaveEveryInstanceIdentical(TestCluster cluster) throws Exception {
        http.query("CREATE TABLE counters (id INT PRIMARY KEY, n BIGINT NOT NULL)", "STRONG");
        http.query("INSERT INTO counters VALUES (1, 1), (2, 1), (3, 1)", "STRONG");
        int clients = 32;
        int writesPerClient = 63;
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        concurrently(clients, client -> {
            for (int i = 0; i < writesPerClient; i++) {
                String consistency = (client + i) % 2 == 0 ? "STRONG" : "EVENTUAL";
                String sql = switch (i % 5) {
                    case 0, 1 -> "INSERT INTO products (name, price, stock) VALUES ('p-" + client + "-" + i
                            + "', RAND() * 100, " + i + ")";
                    case 2 -> "UPDATE counters SET n = (n * 2 + " + client + ") % 1000000007 WHERE id = " + (1 + i % 3);
                    case 3 -> "INSERT INTO users (name, email) VALUES (UUID(), 'u-" + client + "-" + i + "@example.com')";
                    default -> "DELETE FROM products WHERE name = 'p-" + client + "-" + (i - 4) + "'";
                };
                Answer answer = http.query(sql, consistency);
                if (answer.status() != 200) {
                    failures.add(sql + " -> " + answer.body());
                }
            }
        });
        assertThat(failures).isEmpty();

        String reference = awaitIdenticalContents(cluster);
        assertThat(reference).isNotBlank();
    }

    @Test
    void concurrentSingleRowInsertsShareInsertsOnTheMasterAndEachKeepsItsOwnId(TestCluster cluster) throws Exception {
        http.write("CREATE TABLE merged_rows (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(40) NOT NULL, "
                + "n INT, at DATETIME(6) DEFAULT NOW(6))", "STRONG");
        long insertsBefore = comInsert(cluster, "instance-1");
        int clients = 32;
        int writesPerClient = 10;
        Map<String, Long> idByKey = new java.util.concurrent.ConcurrentHashMap<>();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        concurrently(clients, client -> {
            for (int i = 0; i < writesPerClient; i++) {
                String key = "k-" + client + "-" + i;
                Answer answer = http.post("/query", JSON.writeValueAsString(Map.of(
                        "query", "INSERT INTO merged_rows (k, n) VALUES (?, ?)",
                        "params", List.of(key, i),
                        "consistency", i % 2 == 0 ? "STRONG" : "EVENTUAL")));
                if (answer.status() != 200 || answer.body().get("rows_affected").asLong() != 1) {
                    failures.add(key + " -> " + answer.body());
                } else {
                    idByKey.put(key, answer.body().get("last_insert_id").asLong());
                }
            }
        });
        assertThat(failures).isEmpty();
        int writes = clients * writesPerClient;
        assertThat(comInsert(cluster, "instance-1") - insertsBefore)
                .as("INSERT statements the master ran for %d concurrent single-row inserts", writes).isLessThan(writes);

        List<String> answered = idByKey.entrySet().stream().sorted(Map.Entry.comparingByValue())
                .map(e -> e.getValue() + "|" + e.getKey()).toList();
        assertThat(answered).hasSize(writes);
        for (String id : INSTANCES) {
            awaitRows(cluster, id, "SELECT CONCAT_WS('|', id, k) FROM merged_rows ORDER BY id", answered);
        }
        awaitIdenticalRows(cluster, "SELECT CONCAT_WS('|', id, k, n, at) FROM merged_rows ORDER BY id");
        // Every write is its own log entry, whose insert id is the row's.
        assertThat(firstColumn(cluster, "instance-1", "SELECT CONCAT_WS('|', JSON_VALUE(statements, '$[0].insert_id'),"
                + " JSON_VALUE(statements, '$[0].params[0]')) FROM ddb_meta.log WHERE statements LIKE '%merged_rows (k, n)%'"
                + " ORDER BY ts")).containsExactlyElementsOf(answered);
    }

    @Test
    void everyLogEntryCarriesTheIdItsInsertGotWhereTheSequencerCouldNotForeseeIt(TestCluster cluster) throws Exception {
        http.write("CREATE TABLE foreseen (id BIGINT AUTO_INCREMENT PRIMARY KEY, k VARCHAR(40) NOT NULL UNIQUE)", "STRONG");
        List<String> generated = new ArrayList<>();
        java.util.Set<String> inserted = new java.util.HashSet<>();
        // The first insert shows that the statement generates ids; the next ones are foreseen, until a failed insert
        // uses up ids, an explicit id moves the counter, and a schema change moves it again.
        for (String key : List.of("a", "b", "b", "c", "=100", "d", "!1000", "e", "f")) {
            if (key.startsWith("!")) {
                http.write("ALTER TABLE foreseen AUTO_INCREMENT = " + key.substring(1), "STRONG");
                continue;
            }
            boolean explicit = key.startsWith("=");
            Answer answer = http.post("/query", JSON.writeValueAsString(Map.of(
                    "query", explicit ? "INSERT INTO foreseen (id, k) VALUES (?, ?)" : "INSERT INTO foreseen (k) VALUES (?)",
                    "params", explicit ? List.of(Long.parseLong(key.substring(1)), key) : List.of(key),
                    "consistency", generated.size() % 2 == 0 ? "STRONG" : "EVENTUAL")));
            if (!inserted.add(key)) {
                assertThat(answer.status()).as("duplicate %s: %s", key, answer.body()).isEqualTo(409);
                continue;
            }
            assertThat(answer.status()).as("insert of %s: %s", key, answer.body()).isEqualTo(200);
            if (!explicit) {
                generated.add(answer.body().get("last_insert_id").asLong() + "|" + key);
            }
        }
        // No gaps but those a failed insert leaves, as on a server written directly.
        assertThat(generated.get(0)).isEqualTo("1|a");
        assertThat(generated.get(1)).isEqualTo("2|b");
        assertThat(generated.subList(3, 6)).containsExactly("101|d", "1000|e", "1001|f");
        awaitIdenticalRows(cluster, "SELECT CONCAT_WS('|', id, k) FROM foreseen ORDER BY id");
        assertThat(firstColumn(cluster, "instance-1", "SELECT CONCAT_WS('|', JSON_VALUE(statements, '$[0].insert_id'),"
                + " JSON_VALUE(statements, '$[0].params[0]')) FROM ddb_meta.log WHERE statements LIKE '%foreseen (k)%'"
                + " ORDER BY ts")).containsExactlyElementsOf(generated);
    }

    /** Runs {@code client} with each number from 0 to {@code clients - 1}, all at once, and waits for every one. */
    private static void concurrently(int clients, IntConsumer client) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int number = c;
                done.add(pool.submit(() -> client.accept(number)));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long comInsert(TestCluster cluster, String id) throws SQLException {
        try (Connection connection = cluster.connect(id, ""); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS LIKE 'Com_insert'")) {
            rows.next();
            return rows.getLong(2);
        }
    }

    private static void awaitIdenticalRows(TestCluster cluster, String sql) throws Exception {
        List<String> reference = firstColumn(cluster, "instance-1", sql);
        for (String id : INSTANCES) {
            awaitRows(cluster, id, sql, reference);
        }
    }

    private static long logSize(TestCluster cluster, String id) throws SQLException {
        try (Connection connection = cluster.connect(id, "ddb_meta"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM log")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void awaitRows(TestCluster cluster, String id, String sql, List<String> expected) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<String> seen = List.of();
        while (Instant.now().isBefore(deadline)) {
            seen = firstColumn(cluster, id, sql);
            if (seen.equals(expected)) {
                return;
            }
            Thread.sleep(50);
        }
        assertThat(seen).as("%s on %s", sql, id).isEqualTo(expected);
    }

    private static List<String> firstColumn(TestCluster cluster, String id, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = cluster.connect(id, "ddb"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** Waits until every instance has the same rows in every table and the same log; returns that content. */
    private static String awaitIdenticalContents(TestCluster cluster) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<String> contents = List.of();
        while (Instant.now().isBefore(deadline)) {
            contents = new ArrayList<>();
            for (String id : INSTANCES) {
                contents.add(String.join("\n", firstColumn(cluster, id, "SELECT CONCAT_WS('|', id, name, email, created_at) FROM users ORDER BY id"))
                        + "\n" + String.join("\n", firstColumn(cluster, id, "SELECT CONCAT_WS('|', id, name, price, stock, created_at) FROM products ORDER BY id"))
                        + "\n" + String.join("\n", firstColumn(cluster, id, "SELECT CONCAT_WS('|', id, n) FROM counters ORDER BY id"))
                        + "\n" + String.join("\n", firstColumn(cluster, id, "SELECT CONCAT_WS('|', ts, txn_id, checksum) FROM ddb_meta.log ORDER BY ts")));
            }
            if (contents.stream().distinct().count() == 1) {
                return contents.get(0);
            }
            Thread.sleep(200);
        }
        assertThat(contents).as("contents of every instance").containsOnly(contents.get(0));
        return contents.get(0);
    }
}
