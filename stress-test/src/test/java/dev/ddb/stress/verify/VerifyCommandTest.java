package dev.ddb.stress.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ddb.stress.StressMain;
import dev.ddb.stress.client.FakeJsonServer;
import dev.ddb.stress.client.FakeJsonServer.Received;
import dev.ddb.stress.client.FakeJsonServer.Reply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command against a small in-process server answering {@code POST /admin/verify} and
 * {@code GET /admin/verify/{id}} in the coordinator's JSON shapes (see the coordinator's {@code VerifyController});
 * the verification itself is tested against real servers in the coordinator's module.
 */
class VerifyCommandTest {

    private static final String STARTED = "{\"id\":\"verify-7\",\"state\":\"running\"}";
    private static final String USERS_EQUAL = "{\"table\":\"ddb.users\",\"chunks\":3,\"rows\":2500,"
            + "\"mismatches\":[],\"unavailable\":[]}";
    private static final String PRODUCTS_EQUAL = "{\"table\":\"ddb.products\",\"chunks\":1,\"rows\":5,"
            + "\"mismatches\":[],\"unavailable\":[]}";
    private static final String USERS_DIFFERENT = "{\"table\":\"ddb.users\",\"chunks\":3,\"rows\":2500,"
            + "\"mismatches\":[{\"instance\":\"instance-3\",\"lo\":\"1001\",\"hi\":\"2001\",\"master_rows\":1000,"
            + "\"instance_rows\":999},{\"instance\":\"instance-3\",\"lo\":\"2001\",\"hi\":null,\"master_rows\":500,"
            + "\"instance_rows\":501}],\"unavailable\":[]}";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeJsonServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private String serve(FakeJsonServer.Responder responder) throws IOException {
        server = FakeJsonServer.start(responder);
        return server.uri().toString();
    }

    /** Accepts the run, then answers the polls with {@code polls} in turn, the last one from then on. */
    private String serveRun(String... polls) throws IOException {
        AtomicInteger poll = new AtomicInteger();
        return serve(request -> {
            if (request.method().equals("POST")) {
                return Reply.of(202, STARTED);
            }
            return Reply.of(200, polls[Math.min(poll.getAndIncrement(), polls.length - 1)]);
        });
    }

    private static String report(String state, String... tables) {
        return "{\"id\":\"verify-7\",\"state\":\"" + state + "\",\"tables\":[" + String.join(",", tables) + "]}";
    }

    private int run(String... args) {
        CommandLine commandLine = new CommandLine(new StressMain());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "verify";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        return commandLine.execute(withCommand);
    }

    @Test
    void everyTableEqualExitsZeroWithALinePerTable() throws IOException {
        String url = serveRun(report("done", USERS_EQUAL, PRODUCTS_EQUAL));

        int exitCode = run("--coordinator", url, "--poll-interval", "10ms");

        assertThat(exitCode).as(out + "" + err).isZero();
        assertThat(out.toString())
                .startsWith("verify-7: 2 tables, done\n")
                .containsPattern("(?m)^ddb\\.users\\s+3\\s+2,500\\s+equal$")
                .containsPattern("(?m)^ddb\\.products\\s+1\\s+5\\s+equal$")
                .contains("every table equal on every instance")
                .doesNotContain("repair");
        Received start = server.received().get(0);
        assertThat(start.method()).isEqualTo("POST");
        assertThat(start.path()).isEqualTo("/admin/verify");
        assertThat(start.body().has("tables")).isFalse();
        assertThat(server.received().get(1).path()).isEqualTo("/admin/verify/verify-7");
    }

    @Test
    void chunksThatDifferExitOneAndArePrintedWithInstanceKeyRangeAndRowCounts() throws IOException {
        String url = serveRun(report("done", USERS_DIFFERENT, PRODUCTS_EQUAL));

        int exitCode = run("--coordinator", url, "--poll-interval", "10ms");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString())
                .containsPattern("(?m)^ddb\\.users\\s+3\\s+2,500\\s+2 chunks differ$")
                .containsPattern("(?m)^ddb\\.users\\s+instance-3\\s+\\[1001, 2001\\)\\s+1,000\\s+999$")
                .containsPattern("(?m)^ddb\\.users\\s+instance-3\\s+\\[2001, \\+inf\\)\\s+500\\s+501$")
                .contains("2 chunks differ, in 1 of 2 tables")
                .contains("curl -X POST " + url.replaceAll("/$", "") + "/admin/repair -H 'Content-Type: application/json'"
                        + " -d '{\"instance\": \"instance-3\", \"table\": \"ddb.users\"}'");
    }

    @Test
    void aRefusedRequestExitsThreeWithTheCoordinatorsCodeAndMessage() throws IOException {
        String url = serve(request -> Reply.of(400, "{\"success\":false,\"error\":\"UNKNOWN_TABLE\","
                + "\"message\":\"ddb.nope is not a base table on the master; nothing was verified.\"}"));

        int exitCode = run("--coordinator", url, "--table", "nope");

        assertThat(exitCode).isEqualTo(3);
        assertThat(err.toString()).contains("verify: the coordinator refused the verification: 400 UNKNOWN_TABLE:"
                + " ddb.nope is not a base table on the master; nothing was verified.");
        assertThat(out.toString()).isEmpty();
        assertThat(server.received()).hasSize(1);
    }

    @Test
    void progressNamesEachTableAsItIsDoneThenTheResultFollows() throws IOException {
        String url = serveRun(report("running"), report("running", USERS_EQUAL), report("running", USERS_EQUAL),
                report("done", USERS_EQUAL, PRODUCTS_EQUAL));

        int exitCode = run("--coordinator", url, "--poll-interval", "10ms", "--table", "users,products");

        assertThat(exitCode).as(out + "" + err).isZero();
        List<String> progress = err.toString().lines().toList();
        assertThat(progress).hasSize(3);
        assertThat(progress.get(0)).startsWith("verify-7 started on ").endsWith(": users, products");
        assertThat(progress.get(1)).matches("verify-7: ddb\\.users: 3 chunks, 2,500 rows done, 1 of 2 \\(\\d+s\\)");
        assertThat(progress.get(2)).matches("verify-7: ddb\\.products: 1 chunk, 5 rows done, 2 of 2 \\(\\d+s\\)");
        assertThat(server.received()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(out.toString()).contains("every table equal on every instance");
    }

    @Test
    void tablesGivenRepeatedOrCommaSeparatedAreSentAsOneList() throws IOException {
        String url = serveRun(report("done", USERS_EQUAL));

        run("--coordinator", url, "--poll-interval", "10ms", "-t", "users,ddb.products", "--table", "shop.orders");

        assertThat(server.received().get(0).body().path("tables").valueStream().map(node -> node.asString()).toList())
                .containsExactly("users", "ddb.products", "shop.orders");
    }

    @Test
    void aFailedRunExitsThreeWithItsReasonAfterTheTablesDoneBeforeIt() throws IOException {
        String url = serveRun("{\"id\":\"verify-7\",\"state\":\"failed\",\"tables\":[" + USERS_EQUAL + "],"
                + "\"error\":\"the master instance-1 is unreachable\"}");

        int exitCode = run("--coordinator", url, "--poll-interval", "10ms");

        assertThat(exitCode).isEqualTo(3);
        assertThat(out.toString()).containsPattern("(?m)^ddb\\.users\\s+3\\s+2,500\\s+equal$");
        assertThat(err.toString()).contains("verify: verify-7 failed: the master instance-1 is unreachable");
    }

    @Test
    void instancesLeftOutWithoutAnyDifferenceExitFourAndATableWithoutKeyIsNoted() throws IOException {
        String url = serveRun(report("done", "{\"table\":\"ddb.notes\",\"chunks\":1,\"rows\":3,\"whole_table\":true,"
                + "\"mismatches\":[],\"unavailable\":[\"instance-4\"]}"));

        int exitCode = run("--coordinator", url, "--poll-interval", "10ms");

        assertThat(exitCode).isEqualTo(4);
        assertThat(out.toString())
                .containsPattern("(?m)^ddb\\.notes\\s+1\\s+3\\s+equal \\(whole table as one chunk: no primary key\\);"
                        + " not compared everywhere on instance-4$")
                .contains("  ddb.notes: instance-4")
                .contains("no chunk differs, but some instance was not compared on every chunk");
    }

    @Test
    void aRunStillGoingAtTheTimeoutExitsThreeNamingWhereToFollowIt() throws IOException {
        String url = serveRun(report("running", USERS_EQUAL));

        int exitCode = run("--coordinator", url, "--poll-interval", "50ms", "--timeout", "300ms");

        assertThat(exitCode).isEqualTo(3);
        assertThat(err.toString()).contains("verify: verify-7 is still running after 300ms (1 table(s) done)",
                "/admin/verify/verify-7");
    }

    @Test
    void anUnreachableCoordinatorExitsThreeWithAHint() throws IOException {
        int exitCode = run("--coordinator", "http://127.0.0.1:" + FakeJsonServer.closedPort());

        assertThat(exitCode).isEqualTo(3);
        assertThat(err.toString()).contains("verify: cannot reach the coordinator at http://127.0.0.1:", "./ddb up");
    }

    @Test
    void aRunTheCoordinatorForgotExitsThree() throws IOException {
        String url = serve(request -> request.method().equals("POST") ? Reply.of(202, STARTED)
                : Reply.of(404, "{\"success\":false,\"error\":\"UNKNOWN_VERIFICATION\",\"message\":\"No verification"
                        + " has the id 'verify-7'\"}"));

        assertThat(run("--coordinator", url)).isEqualTo(3);
        assertThat(err.toString()).contains("the coordinator lost track of verify-7: 404 UNKNOWN_VERIFICATION");
    }

    @Test
    void jsonPrintsTheCoordinatorsReportAndKeepsTheExitCode() throws IOException {
        String url = serveRun(report("done", USERS_DIFFERENT));

        int exitCode = run("--coordinator", url, "--poll-interval", "10ms", "--json");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).startsWith("{\"id\":\"verify-7\",\"state\":\"done\",\"tables\":[{")
                .contains("\"instance_rows\":999").doesNotContain("chunks differ");
    }

    @Test
    void invalidOptionsExitTwoBeforeAnyRequest() {
        assertThat(run("--timeout", "0s")).isEqualTo(2);
        assertThat(run("--coordinator", "localhost:9000")).isEqualTo(2);
        assertThat(run("--table", "")).isEqualTo(2);
        assertThat(run("--no-such-option")).isEqualTo(2);

        assertThat(err.toString())
                .contains("--timeout must be positive")
                .contains("'localhost:9000' is not an http:// URL with a host")
                .contains("--table needs a name");
    }

    @Test
    void helpExplainsOptionsOutputExitCodesAndEnvironment() {
        assertThat(run("--help")).isZero();

        assertThat(out.toString()).contains("--coordinator", "--table", "--timeout", "--json", "DDB_COORDINATOR_URL",
                "Exit codes", "POST /admin/verify", "whole table", "default: 30m");
    }
}
