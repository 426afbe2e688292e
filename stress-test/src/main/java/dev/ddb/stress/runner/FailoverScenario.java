package dev.ddb.stress.runner;

import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.StressRows;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/**
 * Crashes the master under a STRONG load, {@code --rounds} times: SIGKILL through the launcher, the time until a
 * STRONG write succeeds again, then the old master started again and awaited until it serves as a live replica.
 * The invariants are checked after every round.
 */
final class FailoverScenario implements ScenarioRun {

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration FIRST_WRITE_PATIENCE = Duration.ofSeconds(60);
    private static final Duration REJOIN_PATIENCE = Duration.ofSeconds(120);

    @Override
    public ScenarioReport run(RunContext context) throws Exception {
        RunContext.Settings settings = context.settings();
        ScenarioReport report = ScenarioReport.start("failover", settings.rounds() + " round(s) of SIGKILL of the"
                + " master under a STRONG load of keyed INSERTs from " + settings.clients() + " clients");
        Setup.write(context, StressRows.CREATE_TABLE);
        Timeline timeline = new Timeline(context.origin());
        List<Map<String, Object>> rounds = new ArrayList<>();
        InvariantChecker invariants = new InvariantChecker(context.cluster(), REJOIN_PATIENCE);
        try (LagSampler sampler = new LagSampler(context.coordinator(), context.origin(), 500)) {
            for (int round = 1; round <= settings.rounds(); round++) {
                TimedLoad load = new TimedLoad("failover-" + round, settings.clients(), Long.MAX_VALUE,
                        FIRST_WRITE_PATIENCE.plus(REJOIN_PATIENCE).plus(Duration.ofMinutes(2)), timeline);
                String scenario = "fail" + round;
                CompletableFuture<LoadResult> running = CompletableFuture.supplyAsync(() -> {
                    try {
                        return load.run(client -> new KeyedWriter(context.coordinator(), context.acks(),
                                context.runId(), scenario, client, "STRONG", false), context.err(), context.terminal());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("the failover load was interrupted", e);
                    }
                });
                Map<String, Object> figures = new LinkedHashMap<>();
                try {
                    Thread.sleep(SETTLE.toMillis());
                    awaitAntiFlapping(context);
                    crashAndRejoin(context, report, round, figures);
                    Thread.sleep(SETTLE.toMillis());
                } finally {
                    load.stop();
                    report.add(LagScenario.join(running));
                }
                rounds.add(figures);
                for (String violation : invariants.check(context.acks())) {
                    report.violations().add("round " + round + ": " + violation);
                }
            }
            report.lag().addAll(sampler.samples());
        }
        report.figures().put("rounds", rounds);
        report.timeline().addAll(timeline.points());
        return report;
    }

    private void crashAndRejoin(RunContext context, ScenarioReport report, int round, Map<String, Object> figures)
            throws Exception {
        String master = context.coordinator().status().path("current_master").path("id").asString();
        figures.put("round", round);
        figures.put("killed", master);
        report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), "kill " + master));
        long killedAt = System.nanoTime();
        context.launcher().kill(master);
        context.say("  round %d: killed the master %s", round, master);

        long deadline = killedAt + FIRST_WRITE_PATIENCE.toNanos();
        Double firstWrite = null;
        long sequence = 0;
        while (System.nanoTime() < deadline) {
            String key = StressRows.key(context.runId(), "probe" + round, 0, sequence);
            SuiteClient.Answer answer;
            try {
                answer = context.coordinator().query(StressRows.INSERT, List.of(key, "probe" + round, 0), "STRONG",
                        null);
            } catch (java.io.IOException e) {
                answer = null;
            }
            if (answer != null && answer.succeeded()) {
                context.acks().record(StressRows.TABLE, key, "probe" + round, sequence, KeyedWriter.timestamp(answer));
                firstWrite = ScenarioReport.round((System.nanoTime() - killedAt) / 1e9);
                break;
            }
            sequence++;
            Thread.sleep(100);
        }
        String newMaster = context.coordinator().status().path("current_master").path("id").asString();
        figures.put("new_master", newMaster);
        figures.put("seconds_to_first_write", firstWrite);
        if (firstWrite == null) {
            report.violations().add("round " + round + ": writes after failover: no STRONG write succeeded within "
                    + FIRST_WRITE_PATIENCE.toSeconds() + " s of killing the master " + master);
        } else {
            report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), "first write"));
            context.say("  round %d: first STRONG write %.2f s after the kill, master now %s", round, firstWrite,
                    newMaster);
        }

        long restartAt = System.nanoTime();
        context.launcher().start(master);
        long rejoinDeadline = restartAt + REJOIN_PATIENCE.toNanos();
        while (!serves(context, master)) {
            if (System.nanoTime() > rejoinDeadline) {
                report.violations().add("round " + round + ": rejoin: " + master + " was not live again within "
                        + REJOIN_PATIENCE.toSeconds() + " s of its restart");
                return;
            }
            Thread.sleep(200);
        }
        double rejoin = ScenarioReport.round((System.nanoTime() - restartAt) / 1e9);
        figures.put("seconds_to_rejoin", rejoin);
        report.markers().add(new ScenarioReport.Marker(context.secondsSinceStart(), master + " rejoined"));
        context.say("  round %d: %s started again and live %.2f s later", round, master, rejoin);
    }

    /**
     * An automatic failover sooner than the coordinator's minimum interval after the last one is refused on
     * purpose; a round started inside that window would measure the wait, not the failover.
     */
    private static void awaitAntiFlapping(RunContext context) throws Exception {
        JsonNode failovers = context.coordinator().status().path("failovers");
        if (!failovers.isArray() || failovers.isEmpty()) {
            return;
        }
        String end = failovers.path(failovers.size() - 1).path("end").asString("");
        if (end.isEmpty()) {
            return;
        }
        Instant allowed = Instant.parse(end).plus(context.settings().failoverMinInterval()).plusSeconds(1);
        Duration wait = Duration.between(Instant.now(), allowed);
        if (!wait.isNegative()) {
            context.say("  waiting %d s for the coordinator's anti-flapping interval since the last failover",
                    wait.toSeconds());
            Thread.sleep(wait.toMillis());
        }
    }

    /** The restarted instance serves again: as the master, or as a replica in state live. */
    private static boolean serves(RunContext context, String instance) {
        try {
            JsonNode status = context.coordinator().status();
            if (status.path("current_master").path("id").asString().equals(instance)) {
                return true;
            }
            for (JsonNode replica : status.path("current_replicas")) {
                if (replica.path("id").asString().equals(instance)) {
                    return "live".equals(replica.path("state").asString(""));
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
