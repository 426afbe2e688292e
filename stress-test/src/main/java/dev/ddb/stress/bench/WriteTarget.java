package dev.ddb.stress.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Where the write benchmark sends its inserts. */
public enum WriteTarget {

    STRONG("STRONG"),
    EVENTUAL("EVENTUAL"),
    DIRECT(null);

    private final String consistency;

    WriteTarget(String consistency) {
        this.consistency = consistency;
    }

    /** The name on the command line and in the tables: {@code strong}, {@code eventual}, {@code direct}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The {@code consistency} sent to the coordinator; null for the direct-JDBC baseline. */
    public String consistency() {
        return consistency;
    }

    public boolean throughCoordinator() {
        return consistency != null;
    }

    /** Reads the lower-case labels (any case accepted) for picocli. */
    public static final class Converter implements ITypeConverter<WriteTarget> {

        @Override
        public WriteTarget convert(String value) {
            return Arrays.stream(values()).filter(target -> target.label().equalsIgnoreCase(value.trim())).findFirst()
                    .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a target; use "
                            + Arrays.stream(values()).map(WriteTarget::label).collect(Collectors.joining(", "))));
        }
    }
}
