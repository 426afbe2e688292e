package dev.ddb.coordinator.log;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One statement as every instance runs it: deterministic SQL text (nondeterministic calls already
 * replaced by literals) and the values bound to its {@code ?} placeholders, in order.
 *
 * <p>Parameters are kept in the one form the log can store and read back unchanged, so that the
 * master binds exactly what the replicas will bind and the checksum survives the round trip:
 * {@code null}, {@code String}, {@code Boolean}, {@code Long} (any integral number that fits;
 * larger ones stay {@code BigInteger}) and {@code BigDecimal} (floats and doubles become the
 * decimal their {@code toString} shows; a negative scale becomes scale 0). Anything else is refused.
 *
 * @param insertId the AUTO_INCREMENT value the master reported for the statement (see
 *     {@code EntryReplayer.execute}), replayed with {@code SET INSERT_ID}; 0 when it reported none
 */
public record LoggedStatement(String sql, List<Object> params, long insertId) {

    public LoggedStatement {
        Objects.requireNonNull(sql, "sql");
        List<Object> normalized = new ArrayList<>(params.size());
        for (Object param : params) {
            normalized.add(normalize(param));
        }
        // Parameters may be SQL NULL, so no List.copyOf.
        params = Collections.unmodifiableList(normalized);
    }

    private static Object normalize(Object param) {
        if (param == null || param instanceof String || param instanceof Boolean || param instanceof Long) {
            return param;
        }
        if (param instanceof Integer || param instanceof Short || param instanceof Byte) {
            return ((Number) param).longValue();
        }
        if (param instanceof BigInteger big) {
            return big.bitLength() < Long.SIZE ? (Object) big.longValue() : big;
        }
        if (param instanceof BigDecimal decimal) {
            return decimal.scale() < 0 ? decimal.setScale(0) : decimal;
        }
        if (param instanceof Double || param instanceof Float) {
            double value = ((Number) param).doubleValue();
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("the parameter " + value + " has no SQL value");
            }
            return normalize(new BigDecimal(param.toString()));
        }
        throw new IllegalArgumentException("a parameter of type " + param.getClass().getName()
                + " cannot be logged; use a string, a number, a boolean or null");
    }
}
