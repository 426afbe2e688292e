package dev.ddb.stress.runner;

import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.StressRows;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * Crashes the master under a STRONG load, {@code --rounds} times: SIGKILL through the launcher, the time from the
 * kill until a STRONG write sent after it is acknowledged (by the probe, one write at a time, or by any client of the
 * load), then the old master started again and awaited until it serves as a live replica. The kill is timed at the
 * master's port ({@link KillMoment}), not at the launcher, whose JVM takes seconds to start on a busy machine. The
 * invariants are checked after every round; at the end the median and maximum over the rounds, and a check that the
 * coordinator failed over once per kill and never else.
 */
final class FailoverScenario implements ScenarioRun {

    private static final Duration SETTLE = Duration.ofSeconds(2);
    private static final Duration FIRST_WRITE_PATIENCE = Duration.ofSeconds(60);
    private static final Duration REJOIN_PATIENCE = Duration.ofSeconds(120);
    private static final Duration KILL_PATIENCE = Duration.ofMinutes(4);
    private static final Duration PROBE_PAUSE = Duration.ofMillis(100);

    @Override
    public ScenarioReport run(RunContext context) throws Exception {
        RunContext.Settings settings = context.settings();
        ScenarioReport report = ScenarioReport.start("failover", settings.rounds() + " round(s) of SIGKILL of the"
                + " master under a STRONG load of keyed INSERTs from " + settings.clients() + " clients");
        Setup.write(context, StressRows.CREATE_TABLE);
        int failoversBefore = context.coordinator().status().path("failovers").size();
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
                    crashAndRejoin(context, report, round, load, figures);
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
        summarize(context, report, rounds, failoversBefore);
        report.timeline().addAll(timeline.points());
        return report;
    }

    /**
     * The median and maximum time to the first write over the rounds, and the check that the coordinator failed over
     * once per kill and never else: a live master, however slow on a busy machine, must not be replaced.
     */
    private static void summarize(RunContext context, ScenarioReport report, List<Map<String, Object>> rounds,
            int failoversBefore) throws Exception {
        List<Double> perRound = new ArrayList<>();
        rounds.forEach(round -> perRound.add((Double) round.get("seconds_to_first_write")));
        FailoverTimes times = FailoverTimes.of(perRound);
        report.figures().put("seconds_to_first_write_median", times.median());
        report.figures().put("seconds_to_first_write_max", times.max());
        if (times.median() != null) {
            context.say("  SIGKILL to the first acknowledged STRONG write over %d round(s): median %.2f s, max %.2f s"
                    + " (rounds: %s)", rounds.size(), times.median(), times.max(), perRound);
        }
        int failovers = context.coordinator().status().path("failovers").size() - failoversBefore;
        report.figures().put("failovers", failovers);
        if (failovers > rounds.size()) {
            report.violations().add("false failover: the coordinator failed over " + failovers + " times for "
                    + rounds.size() + " master kill(s); a live master was replaced (see the failovers in GET /status)");
        }
    }

    private void crashAndRejoin(RunContext context, ScenarioReport report, int round, TimedLoad load,
            Map<String, Object> figures) throws Exception {
        JsonNode masterNode = context.coordinator().status().path("current_master");
        String master = masterNode.path("id").asString();
        figures.put("round", round);
        figures.put("killed", master);
        Kill kill = kill(context, master, masterNode);
        long killedAt = kill.death().lastAccepted();
        load.watchSuccessesFrom(kill.death().refused());
        Probe probe = probe(context, round, killedAt);
        awaitLauncher(kill.launcher());
        figures.put("seconds_for_the_launcher_to_kill", ScenarioReport.round((killedAt - kill.askedAt()) / 1e9));
        context.say("  round %d: killed the master %s at %s (%.2f s after asking the launcher)", round, master,
                Instant.now().minusNanos(System.nanoTime() - killedAt), (killedAt - kill.askedAt()) / 1e9);
        report.markers().add(new ScenarioReport.Marker(ScenarioReport.round((killedAt - context.origin()) / 1e9),
                "kill " + master));
        OptionalLong loadFirst = load.firstSuccessSince();
        long firstAt = Math.min(probe.succeededAt(), loadFirst.orElse(Long.MAX_VALUE));
        Double firstWrite = firstAt == Long.MAX_VALUE ? null : ScenarioReport.round((firstAt - killedAt) / 1e9);
        JsonNode status = context.coordinator().status();
        String newMaster = status.path("current_master").path("id").asString();
        figures.put("new_master", newMaster);
        figures.put("seconds_to_first_write", firstWrite);
        figures.put("probe_attempts", probe.attempts());
        JsonNode failovers = status.path("failovers");
        JsonNode last = failovers.isArray() && !failovers.isEmpty() ? failovers.path(failovers.size() - 1) : null;
        if (last != null && master.equals(last.path("old_master").asString(""))) {
            figures.put("coordinator_failover_ms", last.path("duration_ms").asLong());
            figures.put("coordinator_steps_ms", last.path("phases_ms"));
            context.say("  round %d: the coordinator's failover took %d ms (ms per step: %s; started %s, reason: %s)",
                    round, last.path("duration_ms").asLong(), last.path("phases_ms"), last.path("start").asString(""),
                    last.path("reason").asString(""));
        }
        List<String> attempts = probe.attempts();
        String shown = attempts.size() <= 6 ? String.join(", ", attempts)
                : String.join(", ", attempts.subList(0, 3)) + ", (" + (attempts.size() - 5) + " more), "
                        + String.join(", ", attempts.subList(attempts.size() - 2, attempts.size()));
        context.say("  round %d: probe writes (s after the kill, outcome): %s", round, shown);
        if (firstWrite == null) {
            report.violations().add("round " + round + ": writes after failover: no STRONG write succeeded within "
                    + FIRST_WRITE_PATIENCE.toSeconds() + " s of killing the master " + master);
        } else {
            report.markers().add(new ScenarioReport.Marker(ScenarioReport.round((firstAt - context.origin()) / 1e9),
                    "first write"));
            context.say("  round %d: first STRONG write %.2f s after the kill (%s), master now %s", round, firstWrite,
                    firstAt == probe.succeededAt() ? "the probe's" : "a load client's", newMaster);
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
     * Asks the launcher to SIGKILL the master and returns when it died (the first refused connection to its port),
     * with the launcher still running: a JVM of its own, which on a busy machine takes seconds to start and seconds to
     * exit after the kill, none of which is the failover's.
     */
    private static Kill kill(RunContext context, String master, JsonNode masterNode) throws Exception {
        long askedAt = System.nanoTime();
        try (KillMoment moment = KillMoment.watch(masterNode.path("host").asString(), masterNode.path("port").asInt())) {
            CompletableFuture<Void> launcher = CompletableFuture.runAsync(() -> {
                try {
                    context.launcher().kill(master);
                } catch (Exception e) {
                    throw new IllegalStateException("./ddb kill " + master + " failed: " + e.getMessage(), e);
                }
            });
            Optional<KillMoment.Death> died = moment.await(KILL_PATIENCE.toMillis(), launcher);
            if (died.isEmpty()) {
                awaitLauncher(launcher);
                throw new IllegalStateException("./ddb kill " + master + " returned but its port "
                        + masterNode.path("port").asInt() + " still accepts connections");
            }
            return new Kill(askedAt, died.get(), launcher);
        }
    }

    /** When the launcher was asked to kill the master, when the master died, and the launcher, which may still run. */
    private record Kill(long askedAt, KillMoment.Death death, CompletableFuture<Void> launcher) {
    }

    private static void awaitLauncher(CompletableFuture<Void> launcher) throws Exception {
        try {
            launcher.get(KILL_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        }
    }

    /** What the probe saw: each write's send and answer times after the kill with its outcome, and when one succeeded. */
    private record Probe(List<String> attempts, long succeededAt) {
    }

    /** One client writing from the kill on, a write at a time with 100 ms between failures, until one succeeds. */
    private static Probe probe(RunContext context, int round, long killedAt) throws Exception {
        long deadline = killedAt + FIRST_WRITE_PATIENCE.toNanos();
        List<String> attempts = new ArrayList<>();
        long sequence = 0;
        while (System.nanoTime() < deadline) {
            String key = StressRows.key(context.runId(), "probe" + round, 0, sequence);
            long sent = System.nanoTime();
            SuiteClient.Answer answer = null;
            String failure;
            try {
                answer = context.coordinator().query(StressRows.INSERT, List.of(key, "probe" + round, 0), "STRONG",
                        null);
                failure = answer.succeeded() ? null : answer.errorKind();
            } catch (IOException e) {
                failure = e.getClass().getSimpleName();
            }
            long answered = System.nanoTime();
            attempts.add(String.format(Locale.ROOT, "%.2f-%.2f %s", (sent - killedAt) / 1e9, (answered - killedAt) / 1e9,
                    failure == null ? "ok" : failure));
            if (failure == null) {
                context.acks().record(StressRows.TABLE, key, "probe" + round, sequence, KeyedWriter.timestamp(answer),
                        KeyedWriter.rowsAffected(answer));
                return new Probe(attempts, answered);
            }
            sequence++;
            Thread.sleep(PROBE_PAUSE.toMillis());
        }
        return new Probe(attempts, Long.MAX_VALUE);
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
