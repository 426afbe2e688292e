package dev.ddb.stress.runner;

import dev.ddb.stress.load.LoadClient;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.Outcome;
import dev.ddb.stress.load.ReadAfterWrite;
import dev.ddb.stress.load.StressRows;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Read-your-write, three ways: each client writes a keyed row and reads it back at once. EVENTUAL reads may be
 * stale (their rate is the figure); STRONG reads and EVENTUAL reads with {@code min_timestamp} set to the write's
 * timestamp must never be.
 */
final class ConsistencyScenario implements ScenarioRun {

    @Override
    public ScenarioReport run(RunContext context) throws Exception {
        RunContext.Settings settings = context.settings();
        long pairs = Math.max(1, Math.min(1_000, settings.writes() / 3));
        ScenarioReport report = ScenarioReport.start("consistency", pairs + " write-then-read pairs per kind from "
                + settings.clients() + " clients: EVENTUAL write + EVENTUAL read, STRONG + STRONG, EVENTUAL write +"
                + " EVENTUAL read with min_timestamp");
        Setup.write(context, StressRows.CREATE_TABLE);
        Timeline timeline = new Timeline(context.origin());
        Map<String, Object> staleRates = new LinkedHashMap<>();
        for (ReadAfterWrite kind : ReadAfterWrite.values()) {
            AtomicLong reads = new AtomicLong();
            AtomicLong stale = new AtomicLong();
            report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), kind.label() + " pairs"));
            TimedLoad load = new TimedLoad("consistency-" + kind.label(), settings.clients(), pairs,
                    settings.duration(), timeline);
            LoadResult result = load.run(client -> new ReadYourWrite(context, kind, client, reads, stale),
                    context.err(), context.terminal());
            report.add(result);
            double rate = reads.get() == 0 ? 0 : stale.get() / (double) reads.get();
            staleRates.put(kind.label(), Map.of("reads", reads.get(), "stale", stale.get(),
                    "stale_rate", Math.round(rate * 10_000) / 10_000.0));
            context.say("  %-13s %,d reads right after their write, %,d stale (%.2f%%)", kind.label(), reads.get(),
                    stale.get(), rate * 100);
            if (!kind.staleAllowed && stale.get() > 0) {
                report.violations().add("no stale " + kind.label() + " reads: " + stale.get() + " of " + reads.get()
                        + " " + kind.label() + " reads right after their write did not see it");
            }
        }
        report.figures().put("stale_reads", staleRates);
        report.timeline().addAll(timeline.points());
        return report;
    }

    /** One client: a keyed write, then a read of that key, counting the reads that did not see it. */
    private static final class ReadYourWrite implements LoadClient {

        private final RunContext context;
        private final ReadAfterWrite kind;
        private final int client;
        private final AtomicLong reads;
        private final AtomicLong stale;

        ReadYourWrite(RunContext context, ReadAfterWrite kind, int client, AtomicLong reads, AtomicLong stale) {
            this.context = context;
            this.kind = kind;
            this.client = client;
            this.reads = reads;
            this.stale = stale;
        }

        @Override
        public Outcome perform(long sequence) throws InterruptedException {
            String scenario = "cons-" + kind.label().charAt(0);
            String key = StressRows.key(context.runId(), scenario, client, sequence);
            try {
                SuiteClient.Answer write = context.coordinator().query(StressRows.INSERT,
                        List.of(key, scenario, client), kind.write, null);
                if (!write.succeeded()) {
                    return Outcome.failure("write " + write.errorKind(), write.message());
                }
                Long timestamp = KeyedWriter.timestamp(write);
                context.acks().record(StressRows.TABLE, key, scenario + "-" + client, sequence, timestamp,
                        KeyedWriter.rowsAffected(write));
                SuiteClient.Answer read = context.coordinator().query(StressRows.COUNT_KEY, List.of(key), kind.read,
                        kind.minTimestamp ? timestamp : null);
                if (!read.succeeded()) {
                    return Outcome.failure("read " + read.errorKind(), read.message());
                }
                reads.incrementAndGet();
                if (read.body().path("data").path(0).path("n").asLong(0) == 0) {
                    stale.incrementAndGet();
                }
                return Outcome.success();
            } catch (HttpTimeoutException e) {
                return Outcome.failure("timeout", e.getMessage());
            } catch (IOException e) {
                return Outcome.failure(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
            }
        }

        @Override
        public void close() {
            // The HTTP client is shared.
        }
    }
}
