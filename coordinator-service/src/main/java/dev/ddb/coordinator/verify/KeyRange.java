package dev.ddb.coordinator.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * One chunk of a table: the rows whose chunk key is at least {@code lo} and below {@code hi}. A null bound is
 * open, so the chunks of one walk cover every possible key, including keys only a damaged copy holds.
 *
 * @param lo the lowest key in the chunk (a {@code Long}, {@code BigDecimal} or {@code String}), or null
 * @param hi the first key past the chunk, or null
 */
public record KeyRange(Object lo, Object hi) {

    /** The whole table. */
    public static final KeyRange ALL = new KeyRange(null, null);

    /** The WHERE clause selecting this chunk's rows of a table with this shape, or "" for every row. */
    String where(TableShape shape) {
        List<String> conditions = new ArrayList<>();
        if (lo != null) {
            conditions.add(shape.chunkKey().quoted() + " >= ?");
        }
        if (hi != null) {
            conditions.add(shape.chunkKey().quoted() + " < ?");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /** The values {@link #where} binds, in order. */
    List<Object> bounds() {
        List<Object> bounds = new ArrayList<>(2);
        if (lo != null) {
            bounds.add(lo);
        }
        if (hi != null) {
            bounds.add(hi);
        }
        return bounds;
    }

    /** The lower bound as results show it, or null. */
    public String loText() {
        return lo == null ? null : lo.toString();
    }

    public String hiText() {
        return hi == null ? null : hi.toString();
    }
}
