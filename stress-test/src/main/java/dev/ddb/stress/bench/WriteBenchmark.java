package dev.ddb.stress.bench;

import static dev.ddb.stress.DurationConverter.human;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.stress.DurationConverter;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.client.CoordinatorUrls;
import dev.ddb.stress.load.ClosedLoop;
import dev.ddb.stress.load.ErrorCount;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.report.LoadTables;
import dev.ddb.stress.report.ThroughputRatio;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Single-row durable inserts per second through the coordinator, STRONG and EVENTUAL, against direct JDBC. */
@Command(name = "bench-writes",
        sortOptions = false,
        description = {
            "Measures single-row INSERTs per second and their latency through the coordinator's POST /query with"
                    + " STRONG and with EVENTUAL consistency, and directly over JDBC to one server, then prints the"
                    + " coordinator's throughput as a multiple of the direct one.",
            "",
            "Workload (--row): small is INSERT INTO bench_rows (k, v) VALUES (?, ?); sysbench is sysbench's"
                    + " 200-byte oltp_insert row, INSERT INTO bench_sysbench_rows (k, v, c, pad) VALUES (?, ?, ?, ?)"
                    + " with c and pad of random digit groups. Every key is unique"
                    + " (<run>-<target>-c<clients>-<client>-<n>), so each acknowledged write can be looked up later."
                    + " The table is created first: through the coordinator as a STRONG DDL, and over JDBC on the"
                    + " direct server. Rows accumulate from run to run; POST /admin/clear-data empties them.",
            "",
            "Targets, run in the order given, each at every client count: strong is the coordinator with"
                    + " consistency STRONG (answered once a quorum of replicas applied the write); eventual is the"
                    + " coordinator with consistency EVENTUAL (answered once the master committed it);"
                    + " strong-literal and eventual-literal send each row's values written into the statement as"
                    + " literals, as a curl user does, instead of as parameters; direct is"
                    + " JDBC inserts with autocommit, one connection per client, to --direct-jdbc-url or by default to"
                    + " a server of its own: started for this run from server.cnf, as durable as the suite's"
                    + " instances, in a temporary directory on a free port, and deleted afterwards.",
            "",
            "Load: closed loop, each client sends its next write as soon as its last one is answered. For every"
                    + " client count: the warm-up, then the measured window; a write counts if it is answered inside"
                    + " the window. A write unanswered after 30 s counts as an error of kind 'timeout'.",
            "",
            "Output: one table row per target and client count (writes, writes/s, p50/p99/max latency in ms,"
                    + " errors by kind: HTTP status and the coordinator's error code, or the SQL error code), the"
                    + " first message of each error kind, then the ratios of strong and eventual to direct.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every target completed writes at every client count",
            "1:a target completed no write at some client count, or the benchmark could not be set up",
            "2:invalid options"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            CoordinatorUrls.ENVIRONMENT_HELP,
            "  DDB_DB_USER           account on the direct server (default ddb_user)",
            "  DDB_DB_PASSWORD       its password (default ddb_password)",
            "  DDB_MYSQLD            server executable to start for direct (default:",
            "                        mariadbd or mysqld on the PATH)",
            "",
            "Example:",
            "  ./ddb bench-writes --clients 1,16,64 --duration 10s --json bench-writes.json"})
public class WriteBenchmark implements Callable<Integer> {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(120);
    private static final int MOST_CLIENTS = 1024;
    private static final String BASELINE = WriteTarget.DIRECT.label();

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--coordinator"}, paramLabel = "URL[,URL...]", converter = CoordinatorUrls.Converter.class,
            defaultValue = CoordinatorUrls.OPTION_DEFAULT, description = CoordinatorUrls.OPTION_DESCRIPTION)
    CoordinatorUrls coordinators;

    @Option(names = {"-n", "--clients"}, split = ",", paramLabel = "N", defaultValue = "1,16,64",
            description = "Concurrent clients, one measurement per value, comma-separated (default: ${DEFAULT-VALUE}).")
    List<Integer> clients;

    @Option(names = {"-w", "--warmup"}, defaultValue = "3s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Unmeasured warm-up before each measurement (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Measured time per target and client count, e.g. 10s or 2m"
                    + " (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-t", "--targets"}, split = ",", paramLabel = "TARGET",
            defaultValue = "direct,strong,strong-literal,eventual", converter = WriteTarget.Converter.class,
            description = "Targets to measure, comma-separated, from strong, strong-literal, eventual,"
                    + " eventual-literal and direct (default:"
                    + " ${DEFAULT-VALUE}; direct first, while the suite is idle, and eventual last, because its"
                    + " replicas go on applying after the answers).")
    List<WriteTarget> targets;

    @Option(names = {"-r", "--row"}, paramLabel = "SHAPE", defaultValue = "small", converter = RowShape.Converter.class,
            description = "The rows inserted: small (a key and a number) or sysbench (sysbench's 200-byte"
                    + " oltp_insert row) (default: ${DEFAULT-VALUE}).")
    RowShape row;

    @Option(names = "--direct-jdbc-url", paramLabel = "JDBC_URL",
            description = "Send the direct inserts to this server instead of starting one, e.g."
                    + " jdbc:mysql://127.0.0.1:3320/ddb; the account comes from DDB_DB_USER and DDB_DB_PASSWORD."
                    + " Never point it at a suite instance: writes around the coordinator are not in its log.")
    String directJdbcUrl;

    @Option(names = {"-j", "--json"}, paramLabel = "FILE", description = "Also write the figures to this JSON file.")
    Path json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** A step before the measurement failed; the message says which and why. */
    private static final class SetupFailure extends RuntimeException {
        SetupFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public Integer call() throws InterruptedException, IOException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String runId = String.format("%08x", ThreadLocalRandom.current().nextInt());
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        ClosedLoop loop = new ClosedLoop(warmup, duration);
        CoordinatorClient coordinatorClient = new CoordinatorClient(coordinators.reportSwitchesTo(err), REQUEST_TIMEOUT);
        Properties jdbcProperties = jdbcProperties(DbCredentials.fromEnvironment());
        boolean provision = targets.contains(WriteTarget.DIRECT) && directJdbcUrl == null;
        List<LoadResult> results = new ArrayList<>();
        Map<String, String> described = new LinkedHashMap<>();
        try (StandaloneServer standalone = provision ? provisionServer(jdbcProperties) : null) {
            String directUrl = standalone != null ? standalone.jdbcUrl() : directJdbcUrl;
            for (WriteTarget target : targets) {
                described.put(target.label(), target.throughCoordinator()
                        ? coordinators.all().stream().map(base -> base + "/query").collect(Collectors.joining(" or "))
                                + " with consistency " + target.consistency()
                                + (target.literal() ? ", the values as literals in the statement" : "")
                        : "JDBC autocommit to " + (standalone != null ? standalone.describe() : directUrl));
            }
            out.printf("bench-writes run %s: single-row INSERTs into %s, closed loop, %s warm-up then %s measured"
                    + " per target and client count%n", runId, row.table(), human(warmup), human(duration));
            described.forEach((label, what) -> out.printf("  %-8s = %s%n", label, what));
            out.println();
            out.flush();
            createTables(coordinatorClient, directUrl, jdbcProperties);
            for (WriteTarget target : targets) {
                for (int count : clients) {
                    err.printf("%s, %d client%s: %s warm-up, %s measured%n", target.label(), count,
                            count == 1 ? "" : "s", human(warmup), human(duration));
                    err.flush();
                    String keyPrefix = BenchRows.keyPrefix(runId, target.label(), count);
                    IntFunction<LoadClient> writer = target.throughCoordinator()
                            ? client -> new CoordinatorWriter(coordinatorClient, target.consistency(), row,
                                    target.literal(), keyPrefix, client)
                            : client -> new JdbcWriter(directUrl, jdbcProperties, row, keyPrefix, client);
                    results.add(loop.run(target.label(), count, writer));
                }
            }
        } catch (SetupFailure e) {
            err.println("bench-writes: " + e.getMessage());
            err.flush();
            return 1;
        }
        List<ThroughputRatio> ratios = ThroughputRatio.against(BASELINE, results);
        print(out, results, ratios);
        if (json != null) {
            new WriteBenchmarkReport(runId, startedAt.toString(), described, warmup.toMillis(), duration.toMillis(),
                    clients, results.stream().map(WriteBenchmarkReport.Row::of).toList(),
                    ratios.stream().map(WriteBenchmarkReport.Ratio::of).toList()).write(json);
            out.println("figures written to " + json);
            out.flush();
        }
        return results.stream().allMatch(result -> result.succeeded() > 0) ? 0 : 1;
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
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new ParameterException(spec.commandLine(), "--targets lists a target twice");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--duration must be positive, got " + human(duration));
        }
        if (warmup.isNegative()) {
            throw new ParameterException(spec.commandLine(), "--warmup must not be negative");
        }
        if (directJdbcUrl != null && !directJdbcUrl.startsWith("jdbc:")) {
            throw new ParameterException(spec.commandLine(),
                    "--direct-jdbc-url must be a JDBC URL such as jdbc:mysql://127.0.0.1:3320/ddb, got " + directJdbcUrl);
        }
    }

    private static StandaloneServer provisionServer(Properties jdbcProperties) {
        try {
            return StandaloneServer.provision(new DbCredentials(jdbcProperties.getProperty("user"),
                    jdbcProperties.getProperty("password")), SERVER_START_TIMEOUT);
        } catch (RuntimeException e) {
            throw new SetupFailure("could not start a standalone server for the direct target: " + e.getMessage(), e);
        }
    }

    private void createTables(CoordinatorClient coordinatorClient, String directUrl, Properties jdbcProperties)
            throws InterruptedException {
        if (targets.stream().anyMatch(WriteTarget::throughCoordinator)) {
            CoordinatorClient.Answer answer;
            try {
                answer = coordinatorClient.query(row.createTable(), List.of(), WriteTarget.STRONG.consistency());
            } catch (IOException e) {
                throw new SetupFailure("cannot reach " + coordinators.describe() + " ("
                        + e.getClass().getSimpleName() + ": " + e.getMessage() + "); start the suite with ./ddb up or"
                        + " name another with --coordinator", e);
            }
            if (!answer.succeeded()) {
                throw new SetupFailure("the coordinator did not create " + row.table() + ": " + answer.errorKind()
                        + ": " + answer.message(), null);
            }
        }
        if (targets.contains(WriteTarget.DIRECT)) {
            try {
                JdbcWriter.createTable(directUrl, jdbcProperties, row);
            } catch (SQLException e) {
                throw new SetupFailure("cannot create " + row.table() + " on " + directUrl + ": " + e.getMessage(), e);
            }
        }
    }

    private void print(PrintWriter out, List<LoadResult> results, List<ThroughputRatio> ratios) {
        LoadTables.results(results).print(out);
        List<String> examples = new ArrayList<>();
        for (LoadResult result : results) {
            for (ErrorCount error : result.errors()) {
                examples.add("  " + result.target() + " with " + result.clients() + " clients, " + error.kind() + ": "
                        + error.example());
            }
        }
        if (!examples.isEmpty()) {
            out.println();
            out.println("first message of each error kind:");
            examples.forEach(out::println);
        }
        if (!ratios.isEmpty()) {
            out.println();
            out.println("writes/s relative to " + BASELINE + " at the same client count:");
            LoadTables.ratios(ratios).print(out);
        }
        out.flush();
    }

    private Properties jdbcProperties(DbCredentials credentials) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", Long.toString(Duration.ofSeconds(5).toMillis()));
        properties.setProperty("socketTimeout", Long.toString(REQUEST_TIMEOUT.toMillis()));
        return properties;
    }
}
