package dev.ddb.stress.runner;

import dev.ddb.mysql.cluster.DbCredentials;
import dev.ddb.stress.bench.RowShape;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * What every scenario of one run shares: the suite's endpoints, the log of acknowledged writes, the start of the
 * run (the origin of every chart's time axis), where to print, and the options the user gave.
 */
record RunContext(String runId, SuiteClient coordinator, Cluster cluster, SuiteLauncher launcher,
                  DbCredentials credentials, AckLog acks, long origin, PrintWriter out, PrintWriter err,
                  boolean terminal, Settings settings) {

    /** The command line's numbers, as every scenario reads them. */
    /** @param failoverMinInterval the coordinator's anti-flapping interval, which failover waits out between rounds */
    record Settings(long writes, int clients, Duration duration, String consistency, int rounds,
                    List<Integer> benchmarkClients, RowShape benchmarkRow, Duration warmup, Duration failoverMinInterval) {
    }

    double secondsSinceStart() {
        return ScenarioReport.round((System.nanoTime() - origin) / 1e9);
    }

    void say(String format, Object... args) {
        out.printf(format + "%n", args);
        out.flush();
    }
}
