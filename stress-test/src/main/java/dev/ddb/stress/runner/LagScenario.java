package dev.ddb.stress.runner;

import dev.ddb.mysql.schema.Schema;
import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.StressRows;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Holds one replica back: a transaction opened directly on it locks the hot rows the load keeps updating, so its
 * applier waits while the others go on. The lag and Cabinet weight of every replica are sampled throughout; after
 * the lock is released the held replica must catch up.
 */
final class LagScenario implements ScenarioRun {

    private static final Duration BEFORE = Duration.ofSeconds(2);
    private static final Duration AFTER = Duration.ofSeconds(2);
    /** InnoDB's default lock wait timeout is 50 s; a longer hold would turn the wait into applier errors. */
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(45);
    private static final Duration CATCH_UP_PATIENCE = Duration.ofSeconds(90);

    @Override
    public ScenarioReport run(RunContext context) throws Exception {
        RunContext.Settings settings = context.settings();
        Duration hold = settings.duration().compareTo(LONGEST_HOLD) > 0 ? LONGEST_HOLD : settings.duration();
        ScenarioReport report = ScenarioReport.start("lag", "one replica held back for " + hold.toSeconds()
                + " s by a row lock its applier waits on, under a " + settings.consistency() + " load of keyed INSERTs"
                + " and hot-row UPDATEs from " + settings.clients() + " clients");
        Setup.write(context, StressRows.CREATE_TABLE);
        Setup.write(context, StressRows.CREATE_HOT_TABLE);
        Setup.write(context, StressRows.RESET_HOT_ROWS);
        context.cluster().awaitConvergence(CATCH_UP_PATIENCE);

        Timeline timeline = new Timeline(context.origin());
        TimedLoad load = new TimedLoad("lag", settings.clients(), Long.MAX_VALUE,
                BEFORE.plus(hold).plus(CATCH_UP_PATIENCE).plus(AFTER), timeline)
                .expecting(BEFORE.plus(hold).plus(AFTER).plus(Duration.ofSeconds(1)));
        try (LagSampler sampler = new LagSampler(context.coordinator(), context.origin(), 250)) {
            CompletableFuture<LoadResult> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return load.run(client -> new KeyedWriter(context.coordinator(), context.acks(), context.runId(),
                            "lag", client, settings.consistency(), true), context.err(), context.terminal());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("the lag load was interrupted", e);
                }
            });
            try {
                Thread.sleep(BEFORE.toMillis());
                holdAndRelease(context, report, sampler, hold);
                Thread.sleep(AFTER.toMillis());
            } finally {
                load.stop();
            }
            report.add(join(running));
            report.lag().addAll(sampler.samples());
        }
        report.timeline().addAll(timeline.points());
        return report;
    }

    private void holdAndRelease(RunContext context, ScenarioReport report, LagSampler sampler, Duration hold)
            throws Exception {
        Cluster.Instance slow = heaviestReplica(context);
        report.figures().put("held_replica", slow.id());
        report.figures().put("hold_seconds", hold.toSeconds());
        Double weightBefore = weight(context, slow.id());
        report.figures().put("weight_before", weightBefore);
        long lockedAt;
        try (Connection held = context.cluster().connect(slow); Statement statement = held.createStatement()) {
            held.setAutoCommit(false);
            // Read on the replica directly, so the table is named with the database the instances hold it in.
            statement.executeQuery("SELECT id, v FROM " + Schema.DATABASE + "." + StressRows.HOT_TABLE + " FOR UPDATE").close();
            lockedAt = System.nanoTime();
            report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), "lock taken on " + slow.id()));
            context.say("  holding %s back for %d s (its applier waits on a lock of %s)", slow.id(), hold.toSeconds(),
                    StressRows.HOT_TABLE);
            Thread.sleep(hold.toMillis());
            LagSampler.Sample during = sampler.latest(slow.id());
            report.figures().put("weight_while_held", during == null ? null : during.weight());
            report.figures().put("lag_while_held", during == null ? null : during.lag());
            held.rollback();
        }
        report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), "lock released"));
        long target = context.coordinator().status().path("master_last_ts").asLong();
        long releasedAt = System.nanoTime();
        long deadline = releasedAt + CATCH_UP_PATIENCE.toNanos();
        while (appliedTs(context, slow.id()) < target) {
            if (System.nanoTime() > deadline) {
                report.violations().add("catch-up: " + slow.id() + " did not reach timestamp " + target + " within "
                        + CATCH_UP_PATIENCE.toSeconds() + " s of the lock's release");
                return;
            }
            Thread.sleep(100);
        }
        double catchUp = (System.nanoTime() - releasedAt) / 1e9;
        report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), slow.id() + " caught up"));
        report.figures().put("catch_up_seconds", ScenarioReport.round(catchUp));
        report.figures().put("max_lag", sampler.samples().stream().filter(s -> s.instance().equals(slow.id()))
                .mapToLong(LagSampler.Sample::lag).max().orElse(0));
        report.figures().put("weight_after", weight(context, slow.id()));
        context.say("  %s was held %.1f s, reached lag %s, weight %s -> %s, caught up %.2f s after the release",
                slow.id(), (releasedAt - lockedAt) / 1e9, report.figures().get("max_lag"), weightBefore,
                report.figures().get("weight_while_held"), catchUp);
    }

    /** The replica Cabinet weighs most, so the change shows best; the last replica when Cabinet is not in use. */
    private static Cluster.Instance heaviestReplica(RunContext context) throws Exception {
        List<Cluster.Instance> replicas = context.cluster().instances().stream().filter(i -> !i.master()).toList();
        if (replicas.isEmpty()) {
            throw new IllegalStateException("the lag scenario needs a replica; GET /status lists none");
        }
        JsonNode quorum = context.coordinator().currentQuorum();
        return replicas.stream()
                .filter(replica -> quorum.path("weights").path(replica.id()).isNumber())
                .max(Comparator.comparing(replica -> quorum.path("weights").path(replica.id()).decimalValue()))
                .orElse(replicas.get(replicas.size() - 1));
    }

    private static Double weight(RunContext context, String instance) throws Exception {
        JsonNode weight = context.coordinator().currentQuorum().path("weights").path(instance);
        return weight.isNumber() ? weight.asDouble() : null;
    }

    private static long appliedTs(RunContext context, String instance) throws Exception {
        for (JsonNode replica : context.coordinator().status().path("current_replicas")) {
            if (replica.path("id").asString().equals(instance)) {
                return replica.path("applied_ts").asLong();
            }
        }
        return -1;
    }

    static LoadResult join(CompletableFuture<LoadResult> running) throws InterruptedException {
        try {
            return running.get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the load failed: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the load did not stop within 5 minutes", e);
        }
    }
}
