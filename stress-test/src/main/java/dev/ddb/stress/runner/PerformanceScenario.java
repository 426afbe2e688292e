package dev.ddb.stress.runner;

import dev.ddb.stress.bench.BenchRows;
import dev.ddb.stress.bench.CoordinatorWriter;
import dev.ddb.stress.bench.JdbcWriter;
import dev.ddb.stress.bench.RowShape;
import dev.ddb.stress.bench.SemiSyncCluster;
import dev.ddb.stress.bench.StandaloneServer;
import dev.ddb.stress.client.CoordinatorClient;
import dev.ddb.stress.load.ClosedLoop;
import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.report.LoadTables;
import dev.ddb.stress.report.ThroughputRatio;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The head-to-head benchmark: the benchmark's single-row INSERT workload ({@link BenchRows}, closed loop) at each
 * client count against direct JDBC to one server, MariaDB's lossless semi-sync replication, and the coordinator
 * with STRONG and with EVENTUAL; then the coordinator's throughput as a multiple of both baselines. The two
 * baselines run on servers started for the run; the coordinator's acknowledged rows are checked afterwards like any
 * scenario's.
 */
final class PerformanceScenario implements ScenarioRun {

    static final String DIRECT = "direct";
    static final String SEMISYNC = "semisync";
    static final String STRONG = "strong";
    static final String STRONG_LITERAL = "strong-literal";
    static final String EVENTUAL = "eventual";
    /** Interleaved at each client count, EVENTUAL last: its replicas go on applying after the answers. */
    private static final List<String> TARGETS = List.of(DIRECT, SEMISYNC, STRONG, STRONG_LITERAL, EVENTUAL);
    private static final Set<String> COORDINATOR_TARGETS = Set.of(STRONG, STRONG_LITERAL, EVENTUAL);
    private static final Duration SERVER_START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration QUIET_PATIENCE = Duration.ofMinutes(5);

    @Override
    public ScenarioReport run(RunContext context) throws Exception {
        RunContext.Settings settings = context.settings();
        RowShape row = settings.benchmarkRow();
        ScenarioReport report = ScenarioReport.start("performance", "single-row INSERTs into " + row.table()
                + ", closed loop, " + settings.warmup().toMillis() + " ms warm-up then " + settings.duration().toSeconds()
                + " s measured per target at " + settings.benchmarkClients() + " clients, the targets interleaved");
        Setup.write(context, row.createTable());
        Map<String, String> described = new LinkedHashMap<>();
        Properties jdbc = context.cluster().jdbcProperties();
        CoordinatorClient coordinator = new CoordinatorClient(context.coordinator().coordinators(), REQUEST_TIMEOUT);
        described.put(STRONG, coordinator.queryUri() + " with consistency STRONG");
        described.put(STRONG_LITERAL, coordinator.queryUri() + " with consistency STRONG, the values as literals in"
                + " the statement");
        described.put(EVENTUAL, coordinator.queryUri() + " with consistency EVENTUAL");
        List<LoadResult> results = new ArrayList<>();
        ClosedLoop loop = new ClosedLoop(settings.warmup(), settings.duration());
        long planned = (long) TARGETS.size() * settings.benchmarkClients().size()
                * (settings.warmup().toMillis() + settings.duration().toMillis());
        long startedAt = System.nanoTime();
        String[] current = {"starting servers"};
        try (StandaloneServer direct = StandaloneServer.provision(context.credentials(), SERVER_START_TIMEOUT);
             SemiSyncCluster semiSync = provisionSemiSync(context, report);
             ProgressBar bar = new ProgressBar(context.err(), "performance", () -> new ProgressBar.State(
                     (System.nanoTime() - startedAt) / 1e6 / planned, current[0]), context.terminal())) {
            described.put(DIRECT, "JDBC autocommit to " + direct.describe());
            JdbcWriter.createTable(direct.jdbcUrl(), jdbc, row);
            if (semiSync != null) {
                described.put(SEMISYNC, "JDBC autocommit to the master of " + semiSync.describe());
                JdbcWriter.createTable(semiSync.masterJdbcUrl(), semiSync.jdbcProperties(), row);
            }
            for (int clients : settings.benchmarkClients()) {
                for (String target : TARGETS) {
                    if (target.equals(SEMISYNC) && semiSync == null) {
                        continue;
                    }
                    current[0] = target + " at " + clients + " client" + (clients == 1 ? "" : "s");
                    String prefix = BenchRows.keyPrefix(context.runId(), target, clients);
                    IntFunction<LoadClient> writer = switch (target) {
                        case DIRECT -> client -> new JdbcWriter(direct.jdbcUrl(), jdbc, row, prefix, client);
                        case SEMISYNC -> client -> new JdbcWriter(semiSync.masterJdbcUrl(), semiSync.jdbcProperties(),
                                row, prefix, client);
                        default -> client -> new Acknowledged(new CoordinatorWriter(coordinator,
                                target.equals(EVENTUAL) ? "EVENTUAL" : "STRONG", row, target.equals(STRONG_LITERAL),
                                prefix, client), context.acks(), row.table(), prefix, client);
                    };
                    results.add(loop.run(target, clients, writer));
                    current[0] = "waiting for " + target + "'s replicas to apply what they acknowledged";
                    awaitReplicasQuiet(context, target, semiSync, report, clients);
                }
            }
            if (semiSync != null) {
                report.figures().put("semisync_counters", semiSync.counters());
            }
        }
        report.figures().put("targets", described);
        results.forEach(report::add);
        List<ThroughputRatio> ratios = new ArrayList<>();
        for (String baseline : List.of(DIRECT, SEMISYNC)) {
            ThroughputRatio.against(baseline, results).stream()
                    .filter(ratio -> COORDINATOR_TARGETS.contains(ratio.target())).forEach(ratios::add);
        }
        ratios.forEach(ratio -> report.ratios().add(ScenarioReport.Ratio.of(ratio)));
        print(context.out(), described, results, ratios);
        return report;
    }

    /**
     * Lets the replicas finish the backlog a measurement left (semi-sync acknowledges on receipt, EVENTUAL on the
     * master's commit), so the next measurement does not share the cores with it. How long semi-sync's replicas
     * needed is itself a figure: their acknowledged writes were not applied yet.
     */
    private static void awaitReplicasQuiet(RunContext context, String target, SemiSyncCluster semiSync,
            ScenarioReport report, int clients) throws Exception {
        if (target.equals(SEMISYNC)) {
            double seconds = semiSync.awaitReplicasApplied(QUIET_PATIENCE);
            report.figures().put("semisync_replicas_applied_after_seconds_" + clients, ScenarioReport.round(seconds));
        } else if (COORDINATOR_TARGETS.contains(target)) {
            context.cluster().awaitConvergence(QUIET_PATIENCE);
        }
    }

    /** The baseline's servers, started a second time from scratch if the first set fails; null if both fail. */
    private static SemiSyncCluster provisionSemiSync(RunContext context, ScenarioReport report) {
        String failure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try {
                return SemiSyncCluster.provision(context.credentials());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = "interrupted while starting its servers";
                break;
            } catch (Exception e) {
                if (failure != null) {
                    failure = failure + "; again with new servers: " + e.getMessage();
                    break;
                }
                failure = e.getMessage();
                context.say("  semi-sync baseline: %s; starting new servers", e.getMessage());
            }
        }
        report.figures().put("semisync_unavailable", failure);
        context.say("  semi-sync baseline skipped: %s", failure);
        return null;
    }

    private static void print(PrintWriter out, Map<String, String> described, List<LoadResult> results,
                              List<ThroughputRatio> ratios) {
        out.println();
        described.forEach((label, what) -> out.printf("  %-8s = %s%n", label, what));
        LoadTables.results(results).print(out);
        for (String baseline : List.of(DIRECT, SEMISYNC)) {
            List<ThroughputRatio> against = ratios.stream().filter(ratio -> ratio.baseline().equals(baseline)).toList();
            if (!against.isEmpty()) {
                out.println();
                out.println("writes/s of the coordinator relative to " + baseline + " at the same client count:");
                LoadTables.ratios(against).print(out);
            }
        }
        out.flush();
    }

    /** Records each write a coordinator writer got acknowledged under the key the writer gave it. */
    private static final class Acknowledged implements LoadClient {

        private final LoadClient writer;
        private final AckLog acks;
        private final String table;
        private final String prefix;
        private final int client;

        Acknowledged(LoadClient writer, AckLog acks, String table, String prefix, int client) {
            this.writer = writer;
            this.acks = acks;
            this.table = table;
            this.prefix = prefix;
            this.client = client;
        }

        @Override
        public Outcome perform(long sequence) throws InterruptedException {
            Outcome outcome = writer.perform(sequence);
            if (outcome.succeeded()) {
                acks.record(table, BenchRows.key(prefix, client, sequence), prefix + "-" + client, sequence,
                        null, null);
            }
            return outcome;
        }

        @Override
        public void close() {
            writer.close();
        }
    }
}
