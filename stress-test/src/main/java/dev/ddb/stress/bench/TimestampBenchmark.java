package dev.ddb.stress.bench;

import static dev.ddb.stress.DurationConverter.human;

import dev.ddb.stress.DurationConverter;
import java.io.PrintWriter;
import dev.ddb.stress.client.JsonHttpClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How many timestamps per second the timestamp servers hand out over HTTP, one at a time and in blocks. */
@Command(name = "bench-timestamps",
        description = {
            "Measures timestamps per second over HTTP against running timestamp servers, first one value per request"
                    + " (GET /timestamp), then blocks (GET /timestamp?count=N).",
            "Each thread sends its next request as soon as the previous one is answered, going round the servers."
                    + " Prints requests/s, timestamps/s and latency percentiles per phase; exits 1 if a server"
                    + " answered a value not above its previous answer to the same thread, or a phase got no answer."},
        sortOptions = false)
public class TimestampBenchmark implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-u", "--url"}, split = ",", paramLabel = "URL",
            defaultValue = "${env:DDB_TIMESTAMP_URLS:-http://127.0.0.1:9001,http://127.0.0.1:9002}",
            description = "Timestamp server base URLs, repeated or comma-separated (default: the DDB_TIMESTAMP_URLS"
                    + " environment variable, else http://127.0.0.1:9001,http://127.0.0.1:9002).")
    List<URI> urls;

    @Option(names = {"-t", "--threads"}, defaultValue = "16", paramLabel = "N",
            description = "Concurrent client threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Measured time per phase, e.g. 30s or 2m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = {"-w", "--warmup"}, defaultValue = "3s", converter = DurationConverter.class,
            paramLabel = "TIME", description = "Unmeasured warm-up before each phase (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = {"-b", "--block-size"}, defaultValue = "100", paramLabel = "COUNT",
            description = "Values per request in the block phase, 1..10000 (default: ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() throws InterruptedException {
        validate();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("bench-timestamps: %d threads over %s; %s warm-up, then %s measured per phase%n", threads,
                urls.stream().map(URI::toString).collect(Collectors.joining(", ")), human(warmup), human(duration));
        out.printf("%-10s %12s %14s %9s %9s %9s %9s %9s %8s %13s%n", "phase", "requests/s", "timestamps/s",
                "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "out-of-order");
        out.flush();
        JsonHttpClient http = new JsonHttpClient(Duration.ofSeconds(10));
        boolean sound = report(out, "single", new TimestampLoad(http, urls, threads, 0).run(warmup, duration));
        sound &= report(out, "count=" + blockSize,
                new TimestampLoad(http, urls, threads, blockSize).run(warmup, duration));
        return sound ? 0 : 1;
    }

    private void validate() {
        if (threads < 1) {
            throw new ParameterException(spec.commandLine(),
                    "--threads must be at least 1, got " + threads);
        }
        if (blockSize < 1 || blockSize > 10_000) {
            throw new ParameterException(spec.commandLine(),
                    "--block-size must be between 1 and 10000, got " + blockSize);
        }
        if (duration.isZero() || duration.isNegative()) {
            throw new ParameterException(spec.commandLine(),
                    "--duration must be positive, got " + duration);
        }
    }

    /** Prints one phase's line and says whether the phase saw a sound run. */
    private static boolean report(PrintWriter out, String phase, TimestampLoad.Result result) {
        var latency = result.latencyMicros();
        out.printf("%-10s %,12.0f %,14.0f %9.3f %9.3f %9.3f %9.3f %9.3f %8d %13d%n", phase,
                result.requestsPerSecond(), result.timestampsPerSecond(),
                millis(latency.getValueAtPercentile(50)), millis(latency.getValueAtPercentile(90)),
                millis(latency.getValueAtPercentile(99)), millis(latency.getValueAtPercentile(99.9)),
                millis(latency.getMaxValue()), result.errors(), result.outOfOrder());
        if (result.firstError() != null) {
            out.println("  first error: " + result.firstError());
        }
        out.flush();
        return result.outOfOrder() == 0 && result.requests() > 0;
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
