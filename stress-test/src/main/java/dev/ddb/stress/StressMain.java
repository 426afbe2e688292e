package dev.ddb.stress;

import dev.ddb.stress.bench.BaselineServers;
import dev.ddb.stress.bench.ColdStartBenchmark;
import dev.ddb.stress.bench.TimestampBenchmark;
import dev.ddb.stress.bench.VerifierBenchmark;
import dev.ddb.stress.bench.WriteBenchmark;
import dev.ddb.stress.runner.StressCommand;
import dev.ddb.stress.shell.SqlShell;
import dev.ddb.stress.verify.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the stress-test jar; each kind of load is a subcommand. */
@Command(name = "ddb",
        description = "Load, benchmark and verification commands for the running suite.",
        subcommands = {TimestampBenchmark.class, WriteBenchmark.class, VerifierBenchmark.class, ColdStartBenchmark.class,
            BaselineServers.class, StressCommand.class, SqlShell.class, VerifyCommand.class, CommandLine.HelpCommand.class})
public class StressMain implements Runnable {

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StressMain()).execute(args));
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand");
    }
}
