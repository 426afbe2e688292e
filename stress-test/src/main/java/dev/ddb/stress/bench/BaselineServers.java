package dev.ddb.stress.bench;

import static dev.ddb.stress.DurationConverter.human;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.mysql.schema.Schema;
import dev.ddb.stress.DurationConverter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Starts the write benchmark's baselines and keeps them running, so they can be measured with clients other than
 * the benchmark's own (sysbench, a C client, against wrk on the coordinator): one server written directly, and
 * MariaDB's lossless semi-sync replication with three replicas, both with the suite's server.cnf.
 */
@Command(name = "baselines",
        sortOptions = false,
        description = {
            "Starts the write benchmark's baselines and keeps them running until interrupted (Ctrl-C) or for"
                    + " --hold, then stops them and deletes their data: direct is one server, as durable as the"
                    + " suite's instances; semisync is a MariaDB master with three replicas and lossless semi-sync"
                    + " replication (AFTER_SYNC). Each runs from the suite's server.cnf on free ports in a temporary"
                    + " directory, holds an empty ddb.bench_rows, and is named with the sysbench command that writes"
                    + " the same INSERT as bench-writes and stress-test/wrk/inserts.lua do.",
            "",
            "Nothing here touches the suite: run it beside ./ddb up to compare the coordinator with these"
                    + " servers using C clients on both sides (wrk against sysbench).",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the servers ran for --hold, or until interrupted, and were stopped",
            "1:a server could not be started or prepared (nothing is left running)",
            "2:invalid options"},
        footerHeading = "%nEnvironment:%n",
        footer = {
            "  DDB_DB_USER           account created on every server (default ddb_user)",
            "  DDB_DB_PASSWORD       its password (default ddb_password)",
            "  DDB_MYSQLD            server executable (default: mariadbd or mysqld on the",
            "                        PATH; semisync needs MariaDB)",
            "",
            "Example:",
            "  ./ddb baselines --targets direct,semisync"})
public class BaselineServers implements Callable<Integer> {

    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(120);

    /** One kind of baseline server. */
    public enum Baseline {
        DIRECT, SEMISYNC;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Reads {@code direct} and {@code semisync}, in any case. */
    static final class BaselineConverter implements ITypeConverter<Baseline> {
        @Override
        public Baseline convert(String value) {
            for (Baseline baseline : Baseline.values()) {
                if (baseline.label().equalsIgnoreCase(value.trim())) {
                    return baseline;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a baseline; use direct or semisync");
        }
    }

    @Spec
    CommandSpec spec;

    @Option(names = {"-t", "--targets"}, split = ",", paramLabel = "BASELINE", defaultValue = "direct,semisync",
            converter = BaselineConverter.class,
            description = "Which baselines to start, comma-separated, from direct and semisync (default: ${DEFAULT-VALUE}).")
    List<Baseline> targets;

    @Option(names = "--hold", paramLabel = "TIME", converter = DurationConverter.class,
            description = "Stop the servers after this long, e.g. 10m (default: run until interrupted).")
    Duration hold;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Counted down when the command should stop holding; tests release it early. */
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public Integer call() throws InterruptedException {
        if (hold != null && (hold.isZero() || hold.isNegative())) {
            throw new ParameterException(spec.commandLine(), "--hold must be positive, got " + human(hold));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        EnumSet<Baseline> wanted = EnumSet.copyOf(targets);
        DbCredentials credentials = DbCredentials.fromEnvironment();
        StandaloneServer direct = null;
        SemiSyncCluster semiSync = null;
        try {
            List<String> lines = new ArrayList<>();
            if (wanted.contains(Baseline.DIRECT)) {
                err.println("starting the direct server ...");
                err.flush();
                direct = StandaloneServer.provision(credentials, SERVER_START_TIMEOUT);
                JdbcWriter.createTable(direct.jdbcUrl(), jdbcProperties(credentials));
                lines.addAll(describe(Baseline.DIRECT, direct.describe(), direct.port(), direct.jdbcUrl(), credentials));
            }
            if (wanted.contains(Baseline.SEMISYNC)) {
                err.println("starting the semi-sync master and its three replicas ...");
                err.flush();
                semiSync = SemiSyncCluster.provision(credentials);
                JdbcWriter.createTable(semiSync.masterJdbcUrl(), semiSync.jdbcProperties());
                lines.addAll(describe(Baseline.SEMISYNC, semiSync.describe(), semiSync.masterPort(),
                        semiSync.masterJdbcUrl(), credentials));
            }
            lines.forEach(out::println);
            out.println("The coordinator with the same INSERT (CONSISTENCY=EVENTUAL for EVENTUAL):");
            out.println("  wrk -t2 -c64 -d20s --latency -s " + scriptPath("wrk", "inserts.lua") + " http://127.0.0.1:9000");
            out.println(hold == null
                    ? "Running until interrupted (Ctrl-C); then the servers are stopped and their data deleted."
                    : "Running for " + human(hold) + "; then the servers are stopped and their data deleted.");
            out.flush();
            if (hold == null) {
                released.await();
            } else {
                released.await(hold.toMillis(), TimeUnit.MILLISECONDS);
            }
            if (semiSync != null) {
                printCounters(out, semiSync.counters());
            }
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("baselines: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            err.flush();
            return 1;
        } finally {
            if (semiSync != null) {
                semiSync.close();
            }
            if (direct != null) {
                direct.close();
            }
        }
    }

    /** Ends the hold now, as the end of --hold would. */
    void release() {
        released.countDown();
    }

    private static List<String> describe(Baseline baseline, String description, int port, String jdbcUrl,
            DbCredentials credentials) {
        return List.of(
                String.format("%-9s %s", baseline.label(), description),
                String.format("%-9s %s (user %s)", "", jdbcUrl, credentials.user()),
                String.format("%-9s sysbench %s --mysql-host=127.0.0.1 --mysql-port=%d --mysql-user=%s"
                        + " --mysql-password=%s --mysql-db=%s --threads=64 --time=20 run", "",
                        scriptPath("sysbench", "bench_insert.lua"), port, credentials.user(), credentials.password(),
                        Schema.DATABASE));
    }

    /** The semi-sync master's counters: a lossless run keeps {@code rpl_semi_sync_master_no_tx} at 0. */
    private static void printCounters(PrintWriter out, Map<String, Object> counters) {
        out.println("semisync master counters: " + counters);
        out.flush();
    }

    /** Where the stress-test module's client scripts are, from the checkout {@code ./ddb} runs in. */
    private static Path scriptPath(String directory, String file) {
        String home = System.getenv("DDB_HOME");
        Path relative = Path.of("stress-test", directory, file);
        return home == null || home.isBlank() ? relative : Path.of(home).resolve(relative);
    }

    private static Properties jdbcProperties(DbCredentials credentials) {
        Properties properties = new Properties();
        properties.setProperty("user", credentials.user());
        properties.setProperty("password", credentials.password());
        properties.setProperty("connectTimeout", "5000");
        return properties;
    }
}
