package dev.ddb.stress.runner;

/** One scenario's load and faults; the invariants are checked by the runner after it returns. */
interface ScenarioRun {

    /** @return what it measured; scenario-specific violations (stale STRONG reads, ...) go into its violations */
    ScenarioReport run(RunContext context) throws Exception;
}
