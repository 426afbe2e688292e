package dev.ddb.stress.verify;

import static dev.ddb.stress.DurationConverter.human;

import dev.ddb.stress.DurationConverter;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorClient.Answer;
import dev.ddb.stress.client.CoordinatorUrls;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code ddb verify}: asks the coordinator to compare every instance's tables with the master's, and waits. */
@Command(name = "verify",
        sortOptions = false,
        description = {
            "Compares the tables on every instance with the master's, through the coordinator's POST /admin/verify,"
                    + " waits for the result and prints it.",
            "",
            "How: the coordinator cuts each table into chunks by primary key, about 1000 rows each by default"
                    + " (DDB_VERIFY_CHUNK_ROWS on the coordinator; a table without a primary key is one chunk, the"
                    + " whole table), and logs one checksum entry per chunk; every instance computes"
                    + " the chunk's row count and checksum when it applies that entry, at the same point of the"
                    + " sequence of writes, so a copy that is merely behind is never reported as different. Writes go"
                    + " on meanwhile.",
            "",
            "Output: while the run goes on, each table as it is done on standard error. Then, on standard output, a"
                    + " line per table (chunks, master rows, equal or how many chunks differ, 'whole table' for a table"
                    + " without a primary key), every chunk that differs (the instance, the key range [lo, hi) and the"
                    + " row counts of the master and of the instance), the instances left out of some chunk because"
                    + " they had not applied its checksum entry in time (stopped, or far behind), and the repair"
                    + " request for each instance and table that differ. With --json, the coordinator's report as it"
                    + " sent it instead.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every table is equal on every instance",
            "1:a chunk differs on some instance (the chunks are printed)",
            "2:invalid options",
            "3:no verdict: the coordinator did not answer, refused the request (its error code and message are"
                    + " printed, e.g. 400 UNKNOWN_TABLE), the run failed, or it was still running after --timeout",
            "4:no chunk differs, but some instance was left out of a chunk (unavailable), so not every copy was"
                    + " compared"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            CoordinatorUrls.ENVIRONMENT_HELP,
            "",
            "Examples:",
            "  ./ddb verify",
            "  ./ddb verify --table users --table ddb.products",
            "  ./ddb verify -t users,products --timeout 5m --json > verify.json"})
public class VerifyCommand implements Callable<Integer> {

    static final int EQUAL = 0;
    static final int DIFFERENT = 1;
    static final int NO_VERDICT = 3;
    static final int INCOMPLETE = 4;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How long progress stays silent before a line says the run is still going. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--coordinator"}, paramLabel = "URL[,URL...]", converter = CoordinatorUrls.Converter.class,
            defaultValue = CoordinatorUrls.OPTION_DEFAULT, description = CoordinatorUrls.OPTION_DESCRIPTION)
    CoordinatorUrls coordinators;

    @Option(names = {"-t", "--table"}, split = ",", paramLabel = "TABLE",
            description = "A table to verify, as table (in the database ddb) or database.table; repeat the option"
                    + " or separate names with commas (default: every table of every user database).")
    List<String> tables = List.of();

    @Option(names = "--timeout", defaultValue = "30m", converter = DurationConverter.class, paramLabel = "TIME",
            description = "How long to wait for the result, e.g. 90s or 1h (default: ${DEFAULT-VALUE}). The run goes"
                    + " on in the coordinator after it; GET /admin/verify/<id> shows it.")
    Duration timeout;

    @Option(names = "--poll-interval", defaultValue = "500ms", converter = DurationConverter.class,
            paramLabel = "TIME", description = "How often to ask the coordinator for progress (default:"
                    + " ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = {"-j", "--json"},
            description = "Print the coordinator's report as JSON (GET /admin/verify/<id>) instead of the tables.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** The run could not give a verdict; the message says why. */
    private static final class NoVerdict extends Exception {
        NoVerdict(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        CoordinatorClient client = new CoordinatorClient(coordinators.reportSwitchesTo(err), REQUEST_TIMEOUT);
        try {
            String id = start(client);
            err.printf("%s started on %s: %s%n", id, client.base(),
                    tables.isEmpty() ? "every user table" : String.join(", ", tables));
            err.flush();
            JsonNode report = await(client, id, err);
            VerificationView view = new VerificationView(report);
            out.print(json ? JSON.writeValueAsString(report) + "\n" : view.render(client.base()));
            out.flush();
            if ("failed".equals(view.state())) {
                throw new NoVerdict(id + " failed: " + report.path("error").asString("no reason given")
                        + (json ? "" : " (the tables above were done before it)"));
            }
            return switch (view.verdict()) {
                case EQUAL -> EQUAL;
                case INCOMPLETE -> INCOMPLETE;
                case MISMATCH -> DIFFERENT;
            };
        } catch (NoVerdict e) {
            err.println("verify: " + e.getMessage());
            err.flush();
            return NO_VERDICT;
        }
    }

    private void validate() {
        if (tables.stream().anyMatch(String::isBlank)) {
            throw new ParameterException(spec.commandLine(), "--table needs a name, as table or database.table");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--timeout must be positive, got " + human(timeout));
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--poll-interval must be positive, got "
                    + human(pollInterval));
        }
    }

    /** Posts the request and returns the run's id. */
    private String start(CoordinatorClient client) throws NoVerdict, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(tables.isEmpty() ? Map.of() : Map.of("tables", tables));
        Answer answer = send(client, () -> client.post("/admin/verify", body));
        String id = answer.body() == null ? "" : answer.body().path("id").asString("");
        if (answer.status() / 100 != 2 || id.isEmpty()) {
            throw new NoVerdict("the coordinator refused the verification: " + refusal(answer));
        }
        return id;
    }

    /** Polls the run until it is no longer running, telling each table done on {@code err}; returns the last report. */
    private JsonNode await(CoordinatorClient client, String id, PrintWriter err) throws NoVerdict, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        long lastSaid = started;
        int tablesTold = 0;
        while (true) {
            Answer answer = send(client, () -> client.get("/admin/verify/" + id));
            if (answer.status() != 200 || answer.body() == null) {
                throw new NoVerdict("the coordinator lost track of " + id + ": " + refusal(answer));
            }
            VerificationView view = new VerificationView(answer.body());
            List<JsonNode> done = view.tables();
            long now = System.nanoTime();
            for (; tablesTold < done.size(); tablesTold++) {
                err.printf("%s: %s done%s (%s)%n", id, VerificationView.tableDone(done.get(tablesTold)),
                        tables.isEmpty() ? "" : ", " + (tablesTold + 1) + " of " + tables.size(),
                        human(Duration.ofSeconds((now - started) / 1_000_000_000L)));
                lastSaid = now;
            }
            if (!"running".equals(view.state())) {
                err.flush();
                return answer.body();
            }
            if (now - lastSaid >= HEARTBEAT.toNanos()) {
                err.printf("%s: still running, %s done (%s)%n", id, VerificationView.count(tablesTold, "table"),
                        human(Duration.ofSeconds((now - started) / 1_000_000_000L)));
                lastSaid = now;
            }
            err.flush();
            if (now >= deadline) {
                throw new NoVerdict(id + " is still running after " + human(timeout) + " (" + tablesTold
                        + " table(s) done); it goes on in the coordinator: curl " + client.base() + "/admin/verify/"
                        + id);
            }
            Thread.sleep(Math.min(pollInterval.toMillis(), Math.max(1, (deadline - now) / 1_000_000)));
        }
    }

    @FunctionalInterface
    private interface Request {
        Answer send() throws IOException, InterruptedException;
    }

    private Answer send(CoordinatorClient client, Request request) throws NoVerdict, InterruptedException {
        try {
            return request.send();
        } catch (IOException e) {
            throw new NoVerdict("cannot reach " + client.coordinators().describe() + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); start the suite with ./ddb up or name another with --coordinator");
        }
    }

    /** {@code 400 UNKNOWN_TABLE: ddb.x is not a base table on the master; nothing was verified.} */
    private static String refusal(Answer answer) {
        if (answer.status() / 100 == 2) {
            return answer.status() + " without the run in it: " + answer.text();
        }
        return answer.errorKind() + ": " + answer.message();
    }
}
