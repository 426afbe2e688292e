package dev.ddb.stress.runner;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The runner's scenarios; {@code all} runs every one of them. */
enum Scenario {

    CONCURRENT, CONSISTENCY, LAG, PERFORMANCE, FAILOVER, ALL;

    /** What {@code all} runs, in this order: cheap checks first, the crash last, because it moves the master. */
    static final List<Scenario> IN_ALL = List.of(CONCURRENT, CONSISTENCY, LAG, PERFORMANCE, FAILOVER);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    List<Scenario> expand() {
        return this == ALL ? IN_ALL : List.of(this);
    }

    ScenarioRun create() {
        return switch (this) {
            case CONCURRENT -> new ConcurrentScenario();
            case CONSISTENCY -> new ConsistencyScenario();
            case LAG -> new LagScenario();
            case PERFORMANCE -> new PerformanceScenario();
            case FAILOVER -> new FailoverScenario();
            case ALL -> throw new IllegalStateException("all is expanded into its scenarios before running");
        };
    }

    static final class Converter implements ITypeConverter<Scenario> {

        @Override
        public Scenario convert(String value) {
            return Arrays.stream(values()).filter(s -> s.label().equalsIgnoreCase(value.trim())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a scenario; use "
                            + Arrays.stream(values()).map(Scenario::label).collect(Collectors.joining(", "))));
        }
    }
}
