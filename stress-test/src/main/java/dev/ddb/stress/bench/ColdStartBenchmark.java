package dev.ddb.stress.bench;

import static dev.ddb.stress.DurationConverter.human;

import dev.ddb.stress.DurationConverter;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.load.ClosedLoop;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.report.TextTable;
import dev.ddb.stress.report.TextTable.Column;
import dev.ddb.stress.runner.SuiteLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * How fast the suite writes right after {@code ./ddb up}: the services' JVMs start cold (classes to load, code to
 * compile on a few cores shared by all of them), so the first seconds of load are slower than the same load a minute
 * later. This restarts the suite with the launcher and measures both, so the cold phase has a figure of its own.
 */
@Command(name = "bench-cold",
        sortOptions = false,
        description = {
            "Restarts the suite (./ddb down, then ./ddb up) and measures STRONG single-row INSERTs per second in the"
                    + " first window right after up returns (the cold phase), then, after a pause, in a second window"
                    + " of the same length (steady), and prints the cold phase as a fraction of steady.",
            "",
            "Workload: the bench-writes statement, INSERT INTO bench_rows (k, v) VALUES (?, ?), closed loop, no"
                    + " warm-up. The table is created before the cold window; that first DDL is not measured.",
            "",
            "It stops the suite it measures and leaves it running afterwards. Run it against a suite of your own:"
                    + " DDB_RUN_DIR and DDB_PORT_OFFSET are passed to the launcher as this process has them.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every round measured writes in both windows",
            "1:the launcher failed, or a window completed no write",
            "2:invalid options"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            CoordinatorUrls.ENVIRONMENT_HELP,
            "  DDB_HOME              the checkout whose ./ddb restarts the suite (set by ./ddb)",
            "",
            "Example:",
            "  DDB_COORDINATORS=1 ./ddb bench-cold --rounds 3"})
public class ColdStartBenchmark implements Callable<Integer> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--coordinator"}, paramLabel = "URL[,URL...]", converter = CoordinatorUrls.Converter.class,
            defaultValue = CoordinatorUrls.OPTION_DEFAULT, description = CoordinatorUrls.OPTION_DESCRIPTION)
    CoordinatorUrls coordinators;

    @Option(names = {"-n", "--clients"}, defaultValue = "64", paramLabel = "N",
            description = "Concurrent clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-d", "--window"}, defaultValue = "15s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Length of the cold and of the steady window (default: ${DEFAULT-VALUE}).")
    Duration window;

    @Option(names = {"-p", "--pause"}, defaultValue = "45s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Idle time between the cold and the steady window (default: ${DEFAULT-VALUE}).")
    Duration pause;

    @Option(names = {"-r", "--rounds"}, defaultValue = "1", paramLabel = "N",
            description = "Restarts to measure, one row each (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--launcher", paramLabel = "FILE", description = "The launcher script (default: $DDB_HOME/ddb, else ./ddb).")
    Path launcher;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** One restart: how long {@code ./ddb up} took, then the two windows. */
    record Round(Duration up, LoadResult cold, LoadResult steady) {

        double coldShare() {
            return steady.perSecond() == 0 ? 0 : cold.perSecond() / steady.perSecond();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (clients < 1 || rounds < 1 || window.isZero() || window.isNegative() || pause.isNegative()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--clients and --rounds must be at least 1, --window positive and --pause not negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path script = launcher != null ? launcher : SuiteLauncher.defaultScript();
        SuiteLauncher suite = new SuiteLauncher(script, Map.of());
        String runId = String.format("%08x", ThreadLocalRandom.current().nextInt());
        out.printf("cold start: %s down, %s up, then %d clients of STRONG single-row INSERTs for %s at once (cold)"
                + " and again after %s (steady)%n", script, script, clients, human(window), human(pause));
        out.flush();
        TextTable table = TextTable.of(Column.right("round"), Column.right("up s"), Column.right("cold writes/s"),
                Column.right("cold p50 ms"), Column.right("steady writes/s"), Column.right("steady p50 ms"),
                Column.right("cold/steady"), Column.left("errors"));
        int exit = 0;
        for (int round = 1; round <= rounds; round++) {
            err.printf("round %d of %d: restarting the suite%n", round, rounds);
            err.flush();
            suite.down();
            long before = System.nanoTime();
            suite.up();
            Duration up = Duration.ofNanos(System.nanoTime() - before);
            Round measured = measure(up, runId + "-" + round);
            if (measured.cold().succeeded() == 0 || measured.steady().succeeded() == 0) {
                exit = 1;
            }
            table.row(Integer.toString(round), String.format(Locale.ROOT, "%.1f", up.toMillis() / 1000.0),
                    rate(measured.cold()), p50(measured.cold()), rate(measured.steady()), p50(measured.steady()),
                    String.format(Locale.ROOT, "%.2f", measured.coldShare()),
                    measured.cold().failed() + measured.steady().failed() == 0 ? "-"
                            : (measured.cold().failed() + measured.steady().failed()) + " (" + firstError(measured) + ")");
        }
        table.print(out);
        out.flush();
        return exit;
    }

    private Round measure(Duration up, String runId) throws IOException, InterruptedException {
        CoordinatorClient coordinator = new CoordinatorClient(coordinators, REQUEST_TIMEOUT);
        CoordinatorClient.Answer created = coordinator.query(BenchRows.CREATE_TABLE, List.of(),
                WriteTarget.STRONG.consistency());
        if (!created.succeeded()) {
            throw new IllegalStateException("creating " + BenchRows.TABLE + " failed: " + created.message());
        }
        ClosedLoop loop = new ClosedLoop(Duration.ZERO, window);
        LoadResult cold = loop.run("cold", clients, client -> new CoordinatorWriter(coordinator,
                WriteTarget.STRONG.consistency(), BenchRows.keyPrefix(runId, "cold", clients), client));
        Thread.sleep(pause.toMillis());
        LoadResult steady = loop.run("steady", clients, client -> new CoordinatorWriter(coordinator,
                WriteTarget.STRONG.consistency(), BenchRows.keyPrefix(runId, "steady", clients), client));
        return new Round(up, cold, steady);
    }

    private static String rate(LoadResult result) {
        return String.format(Locale.ROOT, "%,.0f", result.perSecond());
    }

    private static String p50(LoadResult result) {
        return result.latency() == null ? "-" : String.format(Locale.ROOT, "%.1f", result.latency().p50Ms());
    }

    private static String firstError(Round round) {
        LoadResult failed = round.cold().failed() > 0 ? round.cold() : round.steady();
        return failed.errors().get(0).kind();
    }
}
