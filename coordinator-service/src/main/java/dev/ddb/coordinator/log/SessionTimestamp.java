package dev.ddb.coordinator.log;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * The {@code SET TIMESTAMP} value of a log entry, {@code <seconds>.<micros>} since the epoch:
 * the master runs the write under it and every replica replays it under the same value, so
 * {@code NOW(6)} and {@code CURRENT_TIMESTAMP(6)} defaults agree to the microsecond.
 */
public final class SessionTimestamp {

    /** Digits only: the value is written into the SET statement, because the server refuses a bound string. */
    private static final Pattern FORMAT = Pattern.compile("\\d{1,12}(\\.\\d{1,6})?");

    private SessionTimestamp() {
    }

    public static String of(Instant instant) {
        // Without String.format, whose parsing of its pattern cost the sequencer about 8 % of its CPU.
        String micros = Integer.toString(instant.getNano() / 1_000);
        return instant.getEpochSecond() + "." + "000000".substring(micros.length()) + micros;
    }

    /** @throws IllegalArgumentException if the value is not {@code <seconds>[.<micros>]} */
    public static String requireValid(String value) {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("the session timestamp '" + value + "' is not <seconds>.<micros>");
        }
        return value;
    }
}
