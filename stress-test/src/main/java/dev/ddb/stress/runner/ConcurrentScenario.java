package dev.ddb.stress.runner;

import dev.ddb.stress.load.LoadResult;
import dev.ddb.stress.load.StressRows;

/** Many clients inserting keyed rows at once, the seed's concurrent scenario, with every invariant checked after. */
final class ConcurrentScenario implements ScenarioRun {

    @Override
    public ScenarioReport run(RunContext context) throws Exception {
        RunContext.Settings settings = context.settings();
        ScenarioReport report = ScenarioReport.start("concurrent", settings.writes() + " keyed INSERTs from "
                + settings.clients() + " clients with " + settings.consistency() + " (at most "
                + settings.duration().toSeconds() + " s)");
        Setup.write(context, StressRows.CREATE_TABLE);
        Timeline timeline = new Timeline(context.origin());
        TimedLoad load = new TimedLoad("concurrent", settings.clients(), settings.writes(), settings.duration(), timeline);
        try (LagSampler lag = new LagSampler(context.coordinator(), context.origin(), 500)) {
            LoadResult result = load.run(client -> new KeyedWriter(context.coordinator(), context.acks(),
                    context.runId(), "concurrent", client, settings.consistency(), false), context.err(), context.terminal());
            report.add(result);
            report.lag().addAll(lag.samples());
        }
        report.timeline().addAll(timeline.points());
        return report;
    }
}
