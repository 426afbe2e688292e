package dev.ddb.stress.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Where the write benchmark sends its inserts. */
public enum WriteTarget {

    STRONG("STRONG", false),
    EVENTUAL("EVENTUAL", false),
    /** STRONG, each row's values written into the statement as literals rather than sent as parameters. */
    STRONG_LITERAL("STRONG", true),
    EVENTUAL_LITERAL("EVENTUAL", true),
    DIRECT(null, false);

    private final String consistency;
    private final boolean literal;

    WriteTarget(String consistency, boolean literal) {
        this.consistency = consistency;
        this.literal = literal;
    }

    /**
     * The name on the command line and in the tables: {@code strong}, {@code eventual}, {@code strong-literal},
     * {@code eventual-literal}, {@code direct}.
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the coordinator is sent literal statements instead of parameters. */
    public boolean literal() {
        return literal;
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
