package dev.ddb.mysql.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.ddb.auth.PasswordHash;
import dev.ddb.auth.SuiteCredentials;
import dev.ddb.mysql.server.ServerBinary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ./ddb}: starts, stops and inspects the whole suite on this machine, no Docker needed. */
@Command(name = "ddb", mixinStandardHelpOptions = true,
        description = {
            "Runs the distributed MySQL suite locally: four database instances (instance-1..4 on 3307-3310),",
            "the coordinators (coordinator-1 9000, coordinator-2 9010, ...; DDB_COORDINATORS, default 2) and",
            "five services (timestamp-1 9001, timestamp-2 9002, metrics 9003, cabinet 9004, seer 9005).",
            "A coordinator that exits deposed (status 75: another one took the lead) is started again.",
            "Writes replicate through the suite's own timestamp log, or with DDB_REPLICATION_MODE=binlog through",
            "MariaDB's GTID replication; a run directory keeps the mode it was first started in.",
            "State and logs live under .ddb/ (DDB_RUN_DIR)."},
        footer = {"", "Client commands, run by ./ddb from the stress-test jar, each with its --help:",
            "  sql               interactive SQL shell on the coordinators, or -e \"SQL\"",
            "  verify            compare every instance's tables with the master's, exit 0 if equal",
            "  stress            load and fault scenarios with invariant checks and reports",
            "  bench-writes      writes/s through the coordinator against direct JDBC",
            "  bench-verify      writes/s with the background verifier paused and running, interleaved",
            "  bench-cold        writes/s in the first seconds after ./ddb up, against a minute later",
            "  bench-timestamps  timestamps/s from the timestamp services",
            "  baselines         keep a direct server and a semi-sync cluster running, for other clients",
            "They send to the first of DDB_COORDINATOR_URLS (default http://127.0.0.1:9000,http://127.0.0.1:9010)",
            "that answers.",
            "", "Environment: DDB_RUN_DIR, DDB_PORT_OFFSET (added to every port), DDB_COORDINATORS (1-9), DDB_JAVA_OPTS,",
            "DDB_HELPER_JAVA_OPTS (added for every service but the coordinators),",
            "DDB_JAVA_HOME (the services' JDK; otherwise the newest found), DDB_AOT=off (no AOT caches),",
            "DDB_AOT_TRAINING_SECONDS (the load that records them, default 15),",
            "DDB_WARMUP_SECONDS (the load that warms the services before up returns, default 15; 0: none),",
            "DDB_DB_USER / DDB_DB_PASSWORD, DDB_MYSQLD (server binary), DDB_BIND_ADDRESS (default 127.0.0.1),",
            "DDB_AUTH=required (no loopback exception), DDB_CORS_ALLOWED_ORIGINS."},
        subcommands = {Launcher.Up.class, Launcher.Down.class, Launcher.Status.class, Launcher.Start.class,
            Launcher.Stop.class, Launcher.Kill.class, Launcher.Logs.class, Launcher.Credentials.class,
            Launcher.HashPassword.class})
public final class Launcher {

    /** Long enough for a recording start (slower than a plain one) of seven JVMs on a busy 2-core machine. */
    static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** A JVM that recorded an AOT cache assembles it as it exits: some seconds each, longer with several at once on 2 cores. */
    static final Duration AOT_WRITE_TIMEOUT = Duration.ofSeconds(240);

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new Launcher())
                .setExecutionExceptionHandler((e, cmd, parseResult) -> {
                    cmd.getErr().println("ddb: " + e.getMessage());
                    return 1;
                });
    }

    private static Suite suite() {
        return new Suite(LauncherSettings.fromEnvironment(System.getenv()), ServerBinary.locate());
    }

    private static Component named(Suite suite, String name) {
        return suite.find(name).orElseThrow(() -> new CommandLine.ParameterException(new CommandLine(new Launcher()),
                "unknown name '" + name + "'; one of " + String.join(", ", suite.names())));
    }

    @Command(name = "up", description = "Start every instance and service that is not running, wait until all are healthy, print where they run.")
    static final class Up implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Suite suite = suite();
            PrintWriter out = spec.commandLine().getOut();
            List<String> taken = new ArrayList<>();
            for (Component c : suite.all()) {
                if (!c.isRunning() && Ports.isListening(c.port())) {
                    taken.add(c.name() + " needs port " + c.port());
                }
            }
            if (!taken.isEmpty()) {
                throw new IllegalStateException("ports already taken by other programs: " + String.join("; ", taken)
                        + " (stop them, or set DDB_PORT_OFFSET)");
            }
            suite.requireReplicationMode();
            out.println("replication mode: " + suite.settings().mode().id());
            for (InstanceComponent instance : suite.instances()) {
                if (!instance.isRunning()) {
                    out.println("starting " + instance.name() + " on port " + instance.port());
                    out.flush();
                    instance.start(START_TIMEOUT);
                }
            }
            out.println(suite.settings().java().describe());
            List<ServiceComponent> toStart = suite.services().stream().filter(service -> !service.isRunning()).toList();
            List<ServiceComponent> recorders = aotRecorders(toStart);
            long began = System.nanoTime();
            if (!recorders.isEmpty()) {
                out.printf("recording AOT caches (first start of these jars on this JDK): the services start, take %d s of"
                        + " training load, write their caches and start again from them (some minutes on a busy 2-core machine)%n",
                        suite.settings().aotTraining().toSeconds());
            }
            for (ServiceComponent service : toStart) {
                out.println("starting " + service.name() + " on port " + service.port());
                out.flush();
                service.launch(recorders.contains(service));
            }
            for (ServiceComponent service : suite.services()) {
                service.awaitHealthy(START_TIMEOUT);
            }
            if (!recorders.isEmpty()) {
                train(suite, toStart, recorders, out);
                out.printf("AOT caches recorded in %d s; later starts use them%n",
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - began));
            }
            Duration warmup = suite.settings().warmup();
            if (!toStart.isEmpty() && !warmup.isZero()) {
                warmUp(suite, warmup, out);
            }
            StatusTable.print(suite, out);
            out.printf("credentials: %s (./ddb credentials prints them)%n", suite.settings().credentialsFile());
            out.flush();
            return 0;
        }
    }

    /**
     * The services that record the AOT cache of their module's jar on this start: one per module whose cache this JDK
     * has not recorded yet (its siblings, coordinator-2 or timestamp-2, use the cache once it exists). None before JDK 25
     * or with {@code DDB_AOT=off}.
     */
    private static List<ServiceComponent> aotRecorders(List<ServiceComponent> toStart) throws Exception {
        Map<Path, ServiceComponent> recorderByJar = new LinkedHashMap<>();
        for (ServiceComponent service : toStart) {
            if (!recorderByJar.containsKey(service.jar()) && service.lacksAotCache()) {
                recorderByJar.put(service.jar(), service);
            }
        }
        return List.copyOf(recorderByJar.values());
    }

    /**
     * The training run: a load through the coordinators ({@link TrainingLoad}), then every service of a module that
     * had no cache is stopped (the recorders write theirs as they exit) and started again from it.
     */
    private static void train(Suite suite, List<ServiceComponent> started, List<ServiceComponent> recorders, PrintWriter out)
            throws Exception {
        TrainingLoad.Outcome load = new TrainingLoad(suite.coordinatorUrls(), suite.credentials().adminAuthorization())
                .run(suite.settings().aotTraining());
        out.printf("training load: %d writes, %d reads, %d failed%s; writing the caches%n", load.writes(), load.reads(),
                load.failures(), load.failures() == 0 ? "" : " (" + load.describeFailures() + ")");
        out.flush();
        Set<Path> recorded = recorders.stream().map(ServiceComponent::jar).collect(Collectors.toSet());
        List<ServiceComponent> restart = started.stream().filter(service -> recorded.contains(service.jar())).toList();
        stopTogether(restart, AOT_WRITE_TIMEOUT, "stopping ", out);
        for (ServiceComponent service : restart) {
            out.println("starting " + service.name() + " on port " + service.port() + " from its AOT cache");
            out.flush();
            service.launch();
        }
        for (ServiceComponent service : restart) {
            service.awaitHealthy(START_TIMEOUT);
        }
    }

    /**
     * The services' JVMs compile their hot code (with C2 after thousands of calls) on the cores the suite shares, so the
     * first seconds of load after a start ran at a third of the rate a minute later; a short load before {@code up}
     * returns pays that before the first client comes (README, "Right after ./ddb up").
     */
    private static void warmUp(Suite suite, Duration warmup, PrintWriter out) throws InterruptedException {
        out.printf("warming up: %d s of writes and reads through the coordinators, so that the first requests find the"
                + " code compiled (DDB_WARMUP_SECONDS=0: none)%n", warmup.toSeconds());
        out.flush();
        TrainingLoad.Outcome load = new TrainingLoad(suite.coordinatorUrls(), suite.credentials().adminAuthorization())
                .run(warmup);
        out.printf("warm-up: %d writes, %d reads, %d failed%s%n", load.writes(), load.reads(), load.failures(),
                load.failures() == 0 ? "" : " (" + load.describeFailures() + ")");
        out.flush();
    }

    /** All at once, since each stop mostly waits. */
    static void stopTogether(List<? extends Component> components, Duration timeout, String saying, PrintWriter out)
            throws Exception {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Component c : components) {
            if (c.isRunning()) {
                out.println(saying + c.name());
                out.flush();
                stops.add(CompletableFuture.runAsync(() -> {
                    try {
                        c.stop(timeout);
                    } catch (Exception e) {
                        throw new CompletionException(c.name() + ": " + e.getMessage(), e);
                    }
                }));
            }
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    @Command(name = "credentials", description = {"Print the suite's credentials (.ddb/credentials, made by the first up):",
        "the admin user and password, the writer token, the service token, and what the services verify them with."})
    static final class Credentials implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Path file = LauncherSettings.fromEnvironment(System.getenv()).credentialsFile();
            SuiteCredentials credentials = SuiteCredentials.read(file).orElseThrow(() -> new IllegalStateException(
                    "no credentials yet in " + file + "; ./ddb up makes them"));
            spec.commandLine().getOut().print(credentials.text());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "hash-password", description = {"Read a password from standard input (first line) and print its hash",
        "for DDB_USERS entries name:role:hash (roles: reader, writer, admin, service)."})
    static final class HashPassword implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Console console = System.console();
            String password = console != null
                    ? new String(console.readPassword("password: "))
                    : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null || password.isEmpty()) {
                throw new IllegalArgumentException("no password on standard input");
            }
            spec.commandLine().getOut().println(PasswordHash.of(password).encoded());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "down", description = "Stop every service and instance this launcher started.")
    static final class Down implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Suite suite = suite();
            PrintWriter out = spec.commandLine().getOut();
            // Services first, then databases.
            stopTogether(suite.services(), STOP_TIMEOUT, "stopping ", out);
            stopTogether(suite.instances(), STOP_TIMEOUT, "stopping ", out);
            return 0;
        }
    }

    @Command(name = "status", description = "Show every process: port, pid and health.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            StatusTable.print(suite(), spec.commandLine().getOut());
            return 0;
        }
    }

    /** A command acting on one named process. */
    abstract static class OnOneProcess implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = {"instance-1..4, coordinator-1..N (coordinator is coordinator-1),",
            "timestamp-1, timestamp-2, metrics, cabinet or seer"})
        String name;

        @Override
        public Integer call() throws Exception {
            act(named(suite(), name));
            return 0;
        }

        abstract void act(Component component) throws Exception;
    }

    @Command(name = "start", description = "Start one process and wait until it serves.")
    static final class Start extends OnOneProcess {
        @Override
        void act(Component component) throws Exception {
            component.start(START_TIMEOUT);
        }
    }

    @Command(name = "stop", description = "Stop one process gracefully.")
    static final class Stop extends OnOneProcess {
        @Override
        void act(Component component) throws Exception {
            component.stop(STOP_TIMEOUT);
        }
    }

    @Command(name = "kill", description = "SIGKILL one process, as a crash would.")
    static final class Kill extends OnOneProcess {
        @Override
        void act(Component component) throws Exception {
            component.kill();
        }
    }

    @Command(name = "logs", description = "Print the last lines of one process's log.")
    static final class Logs implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "A name as ./ddb status shows it; coordinator is coordinator-1.")
        String name;

        @Option(names = {"-n", "--lines"}, defaultValue = "100", description = "How many lines (default ${DEFAULT-VALUE}).")
        int lines;

        @Option(names = {"-f", "--follow"}, description = "Keep printing what is appended, until Ctrl-C.")
        boolean follow;

        @Override
        public Integer call() throws Exception {
            Path log = named(suite(), name).logFile();
            PrintWriter out = spec.commandLine().getOut();
            out.println(LogTail.lastLines(log, lines));
            out.flush();
            if (follow) {
                LogTail.follow(log, out);
            }
            return 0;
        }
    }
}
