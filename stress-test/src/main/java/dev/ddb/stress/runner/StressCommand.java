package dev.ddb.stress.runner;

import static dev.ddb.stress.report.TextTable.Column.left;
import static dev.ddb.stress.report.TextTable.Column.right;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.stress.bench.RowShape;
import dev.ddb.stress.client.ClientCredentials;
import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.DurationConverter;
import dev.ddb.stress.StandardStreams;
import dev.ddb.stress.report.LoadTables;
import dev.ddb.stress.report.TextTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ./ddb stress}: scenarios of load and faults against the running suite, each followed by the invariants. */
@Command(name = "stress",
        sortOptions = false,
        description = {
            "Runs load and fault scenarios against the running suite and checks after each one, on every instance over"
                    + " JDBC, that nothing was lost or corrupted. Shows a progress bar on stderr, prints a summary table"
                    + " (throughput, p50/p95/p99/max latency, errors by kind) and writes report.json and report.html"
                    + " (charts of latency, throughput and replica lag over time; opens offline) to --report.",
            "",
            "Scenarios:",
            "  concurrent   --writes keyed INSERTs from --clients clients with --consistency",
            "  consistency  write-then-read pairs: EVENTUAL reads (stale-read rate reported), STRONG reads and"
                    + " EVENTUAL reads with min_timestamp (stale reads are a violation)",
            "  lag          holds one replica back with a row lock its applier waits on, for --duration, under load;"
                    + " samples every replica's lag and Cabinet weight; the held replica must catch up",
            "  failover     SIGKILLs the master through ./ddb kill under a STRONG load, measures the time to the next"
                    + " successful write, restarts it with ./ddb start and waits for its rejoin; --rounds times",
            "  performance  single-row INSERTs at --bench-clients clients against direct JDBC to one server,"
                    + " MariaDB lossless semi-sync (a master and 3 replicas started for the run), and the coordinator"
                    + " with STRONG and EVENTUAL; prints the ratios",
            "  all          concurrent, consistency, lag, performance, then failover (last: it moves the master)",
            "",
            "Invariants after every scenario: every acknowledged write present exactly once on every instance; every"
                    + " table of ddb identical on every instance (CHECKSUM TABLE); then by the replication mode, which"
                    + " the run reads from the coordinator's GET /status (replication_mode) and prints in its header"
                    + " and report:",
            "  timestamp-log  ddb_meta.log identical everywhere, its timestamps strictly increasing, the acknowledged"
                    + " timestamps unique, logged and increasing per client",
            "  binlog         every instance's binary log at the master's GTID position (domain 0 of"
                    + " gtid_binlog_pos), the acknowledged timestamps (GTID sequence numbers) between 1 and that"
                    + " position and unique among writes that changed rows",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every scenario ran and every invariant held",
            "1:an invariant was violated (the message names it) or a scenario could not run",
            "2:invalid options"},
        footerHeading = "%nExamples:%n",
        footer = {
            "  ./ddb stress --scenario concurrent --writes 2000 --clients 32",
            "  ./ddb stress --scenario consistency --writes 600",
            "  ./ddb stress --scenario lag --duration 20s --consistency STRONG",
            "  ./ddb stress --scenario performance --duration 10s --bench-clients 1,16,64",
            "  ./ddb stress --scenario failover --rounds 3",
            "  ./ddb stress --scenario all --report stress-report"})
public class StressCommand implements Callable<Integer> {

    private static final Duration CONVERGENCE_PATIENCE = Duration.ofSeconds(120);
    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(30);

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--scenario"}, defaultValue = "all", paramLabel = "NAME", converter = Scenario.Converter.class,
            description = "concurrent, consistency, lag, failover, performance or all (default: ${DEFAULT-VALUE}).")
    Scenario scenario;

    @Option(names = {"-w", "--writes"}, defaultValue = "1000", paramLabel = "N",
            description = "Writes of concurrent; write-then-read pairs of consistency, a third per kind"
                    + " (default: ${DEFAULT-VALUE}).")
    long writes;

    @Option(names = {"-n", "--clients"}, defaultValue = "16", paramLabel = "N",
            description = "Concurrent clients of concurrent, consistency, lag and failover (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Upper bound of concurrent and of each consistency kind; how long lag holds its replica back"
                    + " (at most 45s); the measured time per performance target and client count"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-c", "--consistency"}, defaultValue = "STRONG", paramLabel = "LEVEL",
            description = "STRONG or EVENTUAL, for the loads of concurrent and lag (default: ${DEFAULT-VALUE}).")
    String consistency;

    @Option(names = {"-r", "--rounds"}, defaultValue = "1", paramLabel = "N",
            description = "Master crashes of failover, each after the coordinator's anti-flapping interval"
                    + " since the last failover (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--coordinator", paramLabel = "URL[,URL...]", converter = CoordinatorUrls.Converter.class,
            defaultValue = CoordinatorUrls.OPTION_DEFAULT, description = CoordinatorUrls.OPTION_DESCRIPTION)
    CoordinatorUrls coordinators;

    @Option(names = "--report", defaultValue = "stress-report", paramLabel = "DIR",
            description = "Where report.json and report.html go (default: ${DEFAULT-VALUE}).")
    Path reportDirectory;

    @Option(names = "--bench-clients", split = ",", defaultValue = "1,16,64", paramLabel = "N",
            description = "Client counts of performance, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> benchmarkClients;

    @Option(names = "--bench-row", defaultValue = "small", paramLabel = "SHAPE", converter = RowShape.Converter.class,
            description = "Rows performance inserts: small (a key and a number) or sysbench (sysbench's 200-byte"
                    + " oltp_insert row) (default: ${DEFAULT-VALUE}).")
    RowShape benchmarkRow;

    @Option(names = "--warmup", defaultValue = "3s", converter = DurationConverter.class, paramLabel = "TIME",
            description = "Unmeasured warm-up before each performance measurement (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--failover-min-interval", paramLabel = "TIME", converter = DurationConverter.class,
            defaultValue = "${env:DDB_FAILOVER_MIN_INTERVAL:-60s}",
            description = "The coordinator's anti-flapping interval, waited out between failover rounds so each"
                    + " round measures a failover rather than the wait (default: DDB_FAILOVER_MIN_INTERVAL, else 60s).")
    Duration failoverMinInterval;

    @Option(names = "--launcher", paramLabel = "PATH",
            description = "The ddb script failover uses to kill and start instances (default: $DDB_HOME/ddb, else"
                    + " ./ddb).")
    Path launcherScript;

    /** For a second suite on shifted ports: DDB_RUN_DIR and DDB_PORT_OFFSET for the launcher's kill and start. */
    @Option(names = "--launcher-env", paramLabel = "KEY=VALUE", hidden = true)
    Map<String, String> launcherEnvironment = new LinkedHashMap<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        validate();
        if (launcherEnvironment.containsKey("DDB_RUN_DIR")) {
            // The suite the launcher manages is the one this run talks to: its credentials file is the one to read.
            ClientCredentials.lookUpWith(Map.of("DDB_RUN_DIR", launcherEnvironment.get("DDB_RUN_DIR")));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String runId = String.format("%08x", ThreadLocalRandom.current().nextInt());
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SuiteClient suite = new SuiteClient(coordinators.reportSwitchesTo(err), STATUS_TIMEOUT);
        DbCredentials credentials = DbCredentials.fromEnvironment();
        ReplicationMode mode;
        Cluster cluster;
        List<Cluster.Instance> instances;
        try {
            mode = ReplicationMode.of(suite.status());
            cluster = new Cluster(suite, credentials, mode);
            instances = cluster.instances();
        } catch (IOException e) {
            err.println("stress: cannot read GET /status of " + suite.coordinators().describe() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); start the suite with ./ddb up or name"
                    + " another with --coordinator");
            err.flush();
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("stress: " + e.getMessage());
            err.flush();
            return 1;
        }
        RunContext context = new RunContext(runId, suite, cluster,
                new SuiteLauncher(launcherScript != null ? launcherScript : SuiteLauncher.defaultScript(),
                        launcherEnvironment), credentials, new AckLog(), System.nanoTime(), out, err,
                StandardStreams.areATerminal(),
                new RunContext.Settings(writes, clients, duration, consistency.toUpperCase(Locale.ROOT), rounds,
                        benchmarkClients, benchmarkRow, warmup, failoverMinInterval));
        context.say("stress run %s against %s, replication mode %s; instances %s", runId, suite.coordinators(),
                mode.label(), instances.stream()
                        .map(i -> i.id() + (i.master() ? " (master)" : "") + " " + i.host() + ":" + i.port()).toList());
        InvariantChecker invariants = new InvariantChecker(cluster, CONVERGENCE_PATIENCE);
        List<ScenarioReport> reports = new ArrayList<>();
        for (Scenario next : scenario.expand()) {
            context.say("%n== %s ==", next.label());
            ScenarioReport report;
            try {
                report = next.create().run(context);
            } catch (Exception e) {
                report = ScenarioReport.start(next.label(), "did not complete");
                report.violations().add("scenario ran: " + next.label() + " stopped with " + e.getClass().getSimpleName()
                        + ": " + e.getMessage());
            }
            context.say("  checking the invariants on every instance (%,d acknowledged writes so far)",
                    context.acks().size());
            report.violations().addAll(invariants.check(context.acks()));
            if (report.passed()) {
                context.say("  invariants: all hold");
            } else {
                report.violations().forEach(violation -> context.say("  VIOLATED %s", violation));
            }
            reports.add(report);
        }
        List<String> violations = new ArrayList<>();
        reports.forEach(report -> report.violations().forEach(v -> violations.add(report.name() + ": " + v)));
        summary(out, mode, reports);
        RunReport run = new RunReport(runId, startedAt.toString(), suite.coordinators().toString(), mode.label(),
                scenario.expand().stream().map(Scenario::label).toList(), violations.isEmpty(), violations, reports);
        run.write(reportDirectory);
        context.say("%nreport: %s and %s", reportDirectory.resolve(RunReport.JSON_FILE),
                reportDirectory.resolve(RunReport.HTML_FILE));
        if (!violations.isEmpty()) {
            err.println("stress: " + violations.size() + " invariant violation(s):");
            violations.forEach(violation -> err.println("  " + violation));
            err.flush();
            return 1;
        }
        context.say("every invariant held");
        return 0;
    }

    private void validate() {
        if (writes < 1) {
            throw new ParameterException(spec.commandLine(), "--writes must be at least 1, got " + writes);
        }
        if (clients < 1 || clients > 1024) {
            throw new ParameterException(spec.commandLine(), "--clients must be between 1 and 1024, got " + clients);
        }
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be at least 1, got " + rounds);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + duration);
        }
        if (warmup.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--warmup must not be negative");
        }
        if (!List.of("STRONG", "EVENTUAL").contains(consistency.toUpperCase(Locale.ROOT))) {
            throw new ParameterException(spec.commandLine(), "--consistency must be STRONG or EVENTUAL, got "
                    + consistency);
        }
        for (int count : benchmarkClients) {
            if (count < 1 || count > 1024) {
                throw new ParameterException(spec.commandLine(), "--bench-clients values must be between 1 and 1024,"
                        + " got " + count);
            }
        }
        if (new HashSet<>(benchmarkClients).size() != benchmarkClients.size()) {
            throw new ParameterException(spec.commandLine(), "--bench-clients lists a value twice: " + benchmarkClients);
        }
    }

    private static void summary(PrintWriter out, ReplicationMode mode, List<ScenarioReport> reports) {
        TextTable table = TextTable.of(left("scenario"), left("load"), right("clients"), right("ok"), right("ops/s"),
                right("p50 ms"), right("p95 ms"), right("p99 ms"), right("max ms"), right("errors"),
                left("errors by kind"));
        for (ScenarioReport report : reports) {
            for (ScenarioReport.Load load : report.loads()) {
                table.row(report.name(), load.target(), Integer.toString(load.clients()),
                        String.format(Locale.ROOT, "%,d", load.succeeded()),
                        String.format(Locale.ROOT, "%,.0f", load.perSecond()), millis(load.p50Ms()),
                        millis(load.p95Ms()), millis(load.p99Ms()), millis(load.maxMs()),
                        String.format(Locale.ROOT, "%,d", load.errors()), LoadTables.errorKinds(load.errorsByKind()));
            }
        }
        out.println();
        out.println("summary (replication mode " + mode.label() + "):");
        table.print(out);
        out.println();
        TextTable verdicts = TextTable.of(left("scenario"), left("invariants"));
        reports.forEach(report -> verdicts.row(report.name(), report.passed() ? "hold"
                : report.violations().size() + " violated"));
        verdicts.print(out);
    }

    private static String millis(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
