package dev.ddb.stress.bench;

import static dev.ddb.stress.DurationConverter.human;
import static dev.ddb.stress.report.TextTable.Column.left;
import static dev.ddb.stress.report.TextTable.Column.right;

import dev.ddb.stress.DurationConverter;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.load.ClosedLoop;
import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LatencySummary;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.report.LoadTables;
import dev.ddb.stress.report.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** What the coordinator's background verifier costs STRONG writers: rounds with it paused and running, interleaved. */
@Command(name = "bench-verify",
        sortOptions = false,
        description = {
            "Measures STRONG single-row INSERTs per second through the coordinator with its background verifier"
                    + " paused and running, in alternating windows (off, on, off, on, ...) at the same client count,"
                    + " and prints each window's figures and the ratio on / off.",
            "",
            "Workload: the bench-writes workload, INSERT INTO bench_rows (k, v) VALUES (?, ?) with bound parameters"
                    + " and consistency STRONG, every key unique, closed loop (each client sends its next write as"
                    + " soon as its last one is answered). Before measuring, bench_rows is created if missing and"
                    + " filled up to --min-rows rows (500-row INSERTs), so that the verifier, which walks every user"
                    + " table, checksums full chunks of bench_rows rather than a few rows. Rows accumulate;"
                    + " POST /admin/clear-data empties them.",
            "",
            "Rounds: for every client count, --rounds rounds, each a window with the verifier paused then one with"
                    + " it running (POST /admin/verify/background), each window --warmup unmeasured then --duration"
                    + " measured. The machine's other work changes between minutes, not between two neighbouring"
                    + " windows, so the cost is the median over the rounds of each round's own on / off ratio."
                    + " The verifier is put back as it was found at the end, also after a failure or Ctrl-C.",
            "",
            "Output: one table row per window (writes, writes/s, p50/p99/max latency in ms, the chunks the verifier"
                    + " checked during the window, errors by kind), the first message of each error kind, then per"
                    + " client count the median writes/s off and on, each round's ratio and their median.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every window completed writes",
            "1:a window completed no write, or the benchmark could not be set up (the coordinator unreachable, no"
                    + " background verifier, bench_rows not created or filled)",
            "2:invalid options"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            CoordinatorUrls.ENVIRONMENT_HELP,
            "",
            "Example:",
            "  ./ddb bench-verify --clients 16,64 --rounds 3 --warmup 3s --duration 12s"})
public class VerifierBenchmark implements Callable<Integer> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final int MOST_CLIENTS = 1024;
    private static final int FILL_ROWS_PER_INSERT = 500;
    private static final String STRONG = WriteTarget.STRONG.consistency();

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--coordinator"}, paramLabel = "URL[,URL...]", converter = CoordinatorUrls.Converter.class,
            defaultValue = CoordinatorUrls.OPTION_DEFAULT, description = CoordinatorUrls.OPTION_DESCRIPTION)
    CoordinatorUrls coordinators;

    @Option(names = {"-n", "--clients"}, split = ",", paramLabel = "N", defaultValue = "16,64",
            description = "Concurrent clients, all rounds at each value, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = {"-r", "--rounds"}, paramLabel = "N", defaultValue = "3",
            description = "Rounds per client count, each a window with the verifier paused and one with it running"
                    + " (default: ${DEFAULT-VALUE}; at least 2).")
    int rounds;

    @Option(names = {"-w", "--warmup"}, defaultValue = "3s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Unmeasured time at the start of every window, after the switch"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Measured time of every window (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--min-rows", paramLabel = "N", defaultValue = "20000",
            description = "Rows bench_rows must hold before the first window; missing ones are inserted first"
                    + " (default: ${DEFAULT-VALUE}).")
    long minRows;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** One measured window. */
    private record Window(int round, boolean verifierOn, LoadResult result, long chunksChecked) {
    }

    /** A step before or between the windows failed; the message says which and why. */
    private static final class SetupFailure extends Exception {
        SetupFailure(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String runId = String.format("%08x", ThreadLocalRandom.current().nextInt());
        CoordinatorClient client = new CoordinatorClient(coordinators.reportSwitchesTo(err), REQUEST_TIMEOUT);
        ClosedLoop loop = new ClosedLoop(warmup, duration);
        List<Window> windows = new ArrayList<>();
        try (BackgroundVerifierSwitch verifier = takeVerifier(client)) {
            BackgroundVerifierSwitch.State found = verifier.found();
            createTable(client);
            long rows = countRows(client);
            long inserted = rows < minRows ? fill(client, runId, minRows - rows, err) : 0;
            out.printf("bench-verify run %s: STRONG single-row INSERTs into %s through %s, closed loop; %d rounds per"
                    + " client count of the background verifier paused then running, each window %s warm-up then %s"
                    + " measured%n", runId, BenchRows.TABLE, "POST /query on " + client.coordinators(), rounds,
                    human(warmup), human(duration));
            out.printf("  verifier:   a chunk of about %,d rows every %d ms; %s when the run started, and left so%n",
                    found.chunkRows(), found.paceMs(), found.enabled() ? "running" : "paused");
            out.printf("  %s: %,d rows%s%n%n", BenchRows.TABLE, rows + inserted,
                    inserted == 0 ? "" : String.format(Locale.ROOT, " (%,d inserted first)", inserted));
            out.flush();
            for (int count : clients) {
                for (int round = 1; round <= rounds; round++) {
                    for (boolean on : new boolean[] {false, true}) {
                        windows.add(window(client, verifier, loop, runId, count, round, on, err));
                    }
                }
            }
        } catch (SetupFailure e) {
            err.println("bench-verify: " + e.getMessage());
            err.flush();
            return 1;
        } catch (IOException e) {
            err.println("bench-verify: cannot talk to " + client.coordinators().describe() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            err.flush();
            if (!windows.isEmpty()) {
                print(out, windows);
            }
            return 1;
        }
        print(out, windows);
        return windows.stream().allMatch(window -> window.result().succeeded() > 0) ? 0 : 1;
    }

    private void validate() {
        for (int count : clients) {
            if (count < 1 || count > MOST_CLIENTS) {
                throw new ParameterException(spec.commandLine(),
                        "--clients values must be between 1 and " + MOST_CLIENTS + ", got " + count);
            }
        }
        if (new HashSet<>(clients).size() != clients.size()) {
            throw new ParameterException(spec.commandLine(), "--clients lists a value twice: " + clients);
        }
        if (rounds < 2) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 2, so that a median means"
                    + " something, got " + rounds);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + human(duration));
        }
        if (warmup.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--warmup must not be negative");
        }
        if (minRows < 0) {
            throw new ParameterException(spec.commandLine(), "--min-rows must not be negative, got " + minRows);
        }
    }

    private static BackgroundVerifierSwitch takeVerifier(CoordinatorClient client)
            throws SetupFailure, InterruptedException {
        try {
            return BackgroundVerifierSwitch.take(client);
        } catch (IOException e) {
            throw new SetupFailure(e.getMessage().startsWith("the coordinator")
                    ? e.getMessage()
                    : "cannot reach " + client.coordinators().describe() + " (" + e.getClass().getSimpleName() + ": "
                            + e.getMessage() + "); start the suite with ./ddb up or name another with --coordinator");
        }
    }

    private Window window(CoordinatorClient client, BackgroundVerifierSwitch verifier, ClosedLoop loop, String runId,
            int count, int round, boolean on, PrintWriter err) throws IOException, InterruptedException {
        verifier.enable(on);
        String label = on ? "on" : "off";
        err.printf("%d client%s, round %d of %d, verifier %s: %s warm-up, %s measured%n", count,
                count == 1 ? "" : "s", round, rounds, label, human(warmup), human(duration));
        err.flush();
        long chunksBefore = verifier.state().chunksChecked();
        String keyPrefix = BenchRows.keyPrefix(runId, label + round, count);
        LoadResult result = loop.run(label, count, c -> new CoordinatorWriter(client, STRONG, keyPrefix, c));
        return new Window(round, on, result, verifier.state().chunksChecked() - chunksBefore);
    }

    private static void createTable(CoordinatorClient client) throws SetupFailure, IOException, InterruptedException {
        CoordinatorClient.Answer answer = client.query(BenchRows.CREATE_TABLE, List.of(), STRONG);
        if (!answer.succeeded()) {
            throw new SetupFailure("the coordinator did not create " + BenchRows.TABLE + ": " + answer.errorKind()
                    + ": " + answer.message());
        }
    }

    private static long countRows(CoordinatorClient client) throws SetupFailure, IOException, InterruptedException {
        CoordinatorClient.Answer answer = client.query("SELECT COUNT(*) AS n FROM " + BenchRows.TABLE, List.of(),
                STRONG);
        if (!answer.succeeded() || !answer.body().path("data").path(0).path("n").isNumber()) {
            throw new SetupFailure("the coordinator did not count the rows of " + BenchRows.TABLE + ": "
                    + answer.errorKind() + ": " + answer.message());
        }
        return answer.body().path("data").path(0).path("n").asLong();
    }

    /** Inserts {@code missing} rows, several to a statement; returns how many. */
    private static long fill(CoordinatorClient client, String runId, long missing, PrintWriter err)
            throws SetupFailure, IOException, InterruptedException {
        err.printf("%s holds fewer rows than --min-rows: inserting %,d%n", BenchRows.TABLE, missing);
        err.flush();
        String keyPrefix = BenchRows.keyPrefix(runId, "fill", 0);
        for (long next = 0; next < missing; next += FILL_ROWS_PER_INSERT) {
            int rows = (int) Math.min(FILL_ROWS_PER_INSERT, missing - next);
            List<Object> params = new ArrayList<>(2 * rows);
            for (int row = 0; row < rows; row++) {
                params.add(BenchRows.key(keyPrefix, 0, next + row));
                params.add(0);
            }
            String sql = BenchRows.INSERT + ", (?, ?)".repeat(rows - 1);
            CoordinatorClient.Answer answer = client.query(sql, params, STRONG);
            if (!answer.succeeded()) {
                throw new SetupFailure("the coordinator refused to fill " + BenchRows.TABLE + " after " + next
                        + " rows: " + answer.errorKind() + ": " + answer.message());
            }
        }
        return missing;
    }

    private void print(PrintWriter out, List<Window> windows) {
        TextTable table = TextTable.of(right("clients"), right("round"), left("verifier"), right("writes"),
                right("writes/s"), right("p50 ms"), right("p99 ms"), right("max ms"), right("chunks checked"),
                right("errors"), left("errors by kind"));
        List<String> examples = new ArrayList<>();
        for (Window window : windows) {
            LoadResult result = window.result();
            LatencySummary latency = result.latency();
            table.row(Integer.toString(result.clients()), Integer.toString(window.round()), result.target(),
                    format("%,d", result.succeeded()), format("%,.0f", result.perSecond()),
                    latency == null ? "-" : format("%.2f", latency.p50Ms()),
                    latency == null ? "-" : format("%.2f", latency.p99Ms()),
                    latency == null ? "-" : format("%.2f", latency.maxMs()),
                    format("%,d", window.chunksChecked()), format("%,d", result.failed()),
                    LoadTables.errorKinds(result.errors()));
            for (ErrorCount error : result.errors()) {
                examples.add("  " + result.clients() + " clients, round " + window.round() + ", verifier "
                        + result.target() + ", " + error.kind() + ": " + error.example());
            }
        }
        table.print(out);
        if (!examples.isEmpty()) {
            out.println();
            out.println("first message of each error kind:");
            examples.forEach(out::println);
        }
        if (windows.stream().anyMatch(window -> window.verifierOn() && window.chunksChecked() == 0)) {
            out.println();
            out.println("note: the verifier checked no chunk during some 'on' window, so that window measured no"
                    + " verification (a failover, or no user table?)");
        }
        out.println();
        out.println("writes/s with the background verifier running (on) and paused (off); on / off is the median of"
                + " the rounds' ratios:");
        VerifierCost.table(costs(windows)).print(out);
        out.flush();
    }

    /** One cost per client count with at least one complete round; a run cut short leaves a round half done. */
    private List<VerifierCost> costs(List<Window> windows) {
        List<VerifierCost> costs = new ArrayList<>();
        for (int count : clients) {
            List<Double> on = rates(windows, count, true);
            if (!on.isEmpty()) {
                costs.add(new VerifierCost(count, rates(windows, count, false).subList(0, on.size()), on));
            }
        }
        return costs;
    }

    private static List<Double> rates(List<Window> windows, int clients, boolean verifierOn) {
        return windows.stream()
                .filter(window -> window.result().clients() == clients && window.verifierOn() == verifierOn)
                .map(window -> window.result().perSecond())
                .toList();
    }

    private static String format(String pattern, Object value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
